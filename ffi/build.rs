// Gives the Linux cdylib a SONAME (the macOS one an install name) carrying
// only the major version, so that a program linked against libcdnsign.so
// records NEEDED libcdnsign.so.<major>
// and keeps loading across patch and minor releases of the same ABI, while a
// new major (an incompatible C ABI) can be installed beside it. Without it a
// Rust cdylib has no SONAME and programs record the unversioned dev symlink.
// Only this crate's cdylib link sees the flag: the staticlib, the other
// workspace crates (Node addon, Python extension) are untouched.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let major =
        std::env::var("CARGO_PKG_VERSION_MAJOR").expect("cargo sets CARGO_PKG_VERSION_MAJOR");
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libcdnsign.so.{major}");
    } else if os == "macos" {
        // The macOS counterpart: programs record @rpath/libcdnsign.<major>.dylib,
        // the name packaging/native.sh gives the file in the C archive.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libcdnsign.{major}.dylib");
    }
}
