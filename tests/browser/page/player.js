// One hls.js player per case in the URL fragment (JSON list of
// {id, label, src, expect: "play" | "refuse"}); window.results holds what
// each reached, for the test to read.
(function () {
  const cases = JSON.parse(decodeURIComponent(location.hash.slice(1) || "[]"));
  const grid = document.getElementById("grid");
  window.results = {};
  for (const c of cases) {
    const tile = document.createElement("div");
    tile.className = "tile";
    tile.innerHTML = "<h3></h3><video muted playsinline></video><div class=status>starting</div><div class=want></div>";
    tile.querySelector("h3").textContent = c.label;
    tile.querySelector(".want").textContent = c.expect === "play" ? "must play" : "must be refused";
    grid.appendChild(tile);
    const video = tile.querySelector("video");
    const status = tile.querySelector(".status");
    const r = (window.results[c.id] = { frags: 0, currentTime: 0, error: null, http: null, code: null });
    const render = () => {
      if (r.error) {
        tile.className = "tile " + (c.expect === "refuse" ? "refused" : "");
        status.textContent = `refused: HTTP ${r.http}\nx-cdnsign-code: ${r.code || "?"}`;
      } else {
        if (r.frags >= 3 && r.currentTime > 0.5) tile.className = "tile ok";
        status.textContent = `segments loaded: ${r.frags}\ncurrentTime: ${r.currentTime.toFixed(2)} s`;
      }
    };
    const noRetry = { maxNumRetry: 0, retryDelayMs: 0, maxRetryDelayMs: 0 };
    const policy = { default: { maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 20000, timeoutRetry: noRetry, errorRetry: noRetry } };
    const hls = new Hls({
      manifestLoadPolicy: policy,
      playlistLoadPolicy: policy,
      fragLoadPolicy: policy,
      xhrSetup: (xhr) => {
        xhr.addEventListener("readystatechange", () => {
          if (xhr.readyState === 2 && xhr.status >= 400) r.code = xhr.getResponseHeader("x-cdnsign-code");
        });
      },
    });
    hls.on(Hls.Events.FRAG_LOADED, () => { r.frags++; render(); });
    hls.on(Hls.Events.ERROR, (_e, d) => {
      if (d.fatal) {
        r.error = d.details;
        r.http = d.response ? d.response.code : null;
        render();
      }
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch((e) => { r.playError = String(e); }); });
    video.addEventListener("timeupdate", () => { r.currentTime = video.currentTime; render(); });
    hls.loadSource(c.src);
    hls.attachMedia(video);
  }
})();
