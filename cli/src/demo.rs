//! `cdnsign demo`: throwaway keys, every credential signed and verified, so a
//! new user sees the whole library work in one command.

use std::process::ExitCode;

use crate::{CliResult, Global};

/// One provider's demo section.
type Section = fn(&Global) -> CliResult;

const SECTIONS: &[Section] = &[
    crate::cloudfront::demo,
    crate::stream::demo,
    crate::webhook::demo,
    crate::mediacdn::demo,
];

pub fn run(global: &Global) -> CliResult {
    if !global.json {
        println!(
            "cdnsign {} demo (crypto backend: {}); every key below is generated now and thrown away.\n",
            cdnsign::VERSION,
            cdnsign::crypto::BACKEND
        );
    }
    for section in SECTIONS {
        let code = section(global)?;
        if code != ExitCode::SUCCESS {
            return Ok(code);
        }
    }
    Ok(ExitCode::SUCCESS)
}
