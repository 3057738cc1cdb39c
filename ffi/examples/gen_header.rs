//! Regenerates include/cdnsign.h with the pinned cbindgen:
//! `cargo run -p cdnsign-ffi --example gen_header`.

#[path = "../tests/support/header_gen.rs"]
mod header_gen;

fn main() {
    let header = header_gen::generate();
    let path = header_gen::header_path();
    std::fs::write(&path, header).expect("cannot write include/cdnsign.h");
    println!("wrote {}", path.display());
}
