#!/usr/bin/env bash
# Regenerates the ffmpeg-made fixtures in tests/manifests/ffmpeg/ (the
# hand-written edge cases in tests/manifests/hand/ are not generated).
# Needs Debian's ffmpeg (apt-get install -y ffmpeg). Not run in CI: the
# manifests are committed; the media segments are thrown away.
#
#   bash tests/manifests/generate.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/ffmpeg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }
# 8 s of test picture and tone, small, reproducible.
src=(-f lavfi -i "testsrc=size=320x180:rate=25:duration=8"
     -f lavfi -i "sine=frequency=440:duration=8"
     -c:v libx264 -preset ultrafast -g 50 -keyint_min 50 -sc_threshold 0
     -c:a aac -b:a 64k -flags +bitexact -fflags +bitexact)

# HLS VOD, MPEG-TS segments.
mkdir -p "$work/vod" && ff "${src[@]}" -f hls -hls_time 2 -hls_playlist_type vod \
  -hls_segment_filename "$work/vod/seg-%03d.ts" "$work/vod/vod.m3u8"
cp "$work/vod/vod.m3u8" "$out/hls-vod.m3u8"

# HLS event playlist.
mkdir -p "$work/event" && ff "${src[@]}" -f hls -hls_time 2 -hls_playlist_type event \
  -hls_segment_filename "$work/event/event-%03d.ts" "$work/event/event.m3u8"
cp "$work/event/event.m3u8" "$out/hls-event.m3u8"

# HLS fMP4: EXT-X-MAP init section.
mkdir -p "$work/fmp4" && ff "${src[@]}" -f hls -hls_time 2 -hls_playlist_type vod \
  -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 \
  -hls_segment_filename "$work/fmp4/part-%03d.m4s" "$work/fmp4/fmp4.m3u8"
cp "$work/fmp4/fmp4.m3u8" "$out/hls-fmp4.m3u8"

# HLS AES-128: EXT-X-KEY (key URI relative to the playlist, fixed key and IV).
mkdir -p "$work/aes"
printf '0123456789abcdef' > "$work/aes/key.bin"
printf 'key.bin?kid=1\n%s\n00000000000000000000000000000001\n' "$work/aes/key.bin" > "$work/aes/keyinfo"
ff "${src[@]}" -f hls -hls_time 2 -hls_playlist_type vod \
  -hls_key_info_file "$work/aes/keyinfo" \
  -hls_segment_filename "$work/aes/enc-%03d.ts" "$work/aes/aes.m3u8"
cp "$work/aes/aes.m3u8" "$out/hls-aes128.m3u8"

# Multi-variant master (var_stream_map): two video renditions sharing one
# audio group (EXT-X-MEDIA with URI), and their media playlists.
mkdir -p "$work/multi"
ff -f lavfi -i "testsrc=size=320x180:rate=25:duration=8" \
   -f lavfi -i "sine=frequency=440:duration=8" \
   -map 0:v -map 0:v -map 1:a \
   -c:v libx264 -preset ultrafast -g 50 -keyint_min 50 -sc_threshold 0 \
   -b:v:0 400k -s:v:0 320x180 -b:v:1 200k -s:v:1 160x90 -c:a aac -b:a 64k \
   -flags +bitexact -fflags +bitexact \
   -f hls -hls_time 2 -hls_playlist_type vod \
   -master_pl_name master.m3u8 \
   -var_stream_map "v:0,agroup:aud,name:720 v:1,agroup:aud,name:360 a:0,agroup:aud,name:audio" \
   -hls_segment_filename "$work/multi/%v/seg-%03d.ts" "$work/multi/%v/index.m3u8"
cp "$work/multi/master.m3u8" "$out/hls-master.m3u8"
cp "$work/multi/720/index.m3u8" "$out/hls-master-720.m3u8"

# DASH: SegmentTemplate with $RepresentationID$ and $Number%05d$.
mkdir -p "$work/dash"
ff "${src[@]}" -f dash -seg_duration 2 -use_template 1 -use_timeline 0 \
   -init_seg_name 'init-$RepresentationID$.m4s' \
   -media_seg_name 'chunk-$RepresentationID$-$Number%05d$.m4s' \
   "$work/dash/manifest.mpd"
cp "$work/dash/manifest.mpd" "$out/dash-template.mpd"

# DASH with a SegmentTimeline ($Time$).
mkdir -p "$work/dash-tl"
ff "${src[@]}" -f dash -seg_duration 2 -use_template 1 -use_timeline 1 \
   -media_seg_name 'chunk-$RepresentationID$-$Time$.m4s' \
   "$work/dash-tl/manifest.mpd"
cp "$work/dash-tl/manifest.mpd" "$out/dash-timeline.mpd"

ffmpeg -hide_banner -version | head -1 > "$out/FFMPEG_VERSION"
echo "fixtures written to $out"
