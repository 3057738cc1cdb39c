//! IP addresses and CIDR ranges of `ip.src` access rules.

use std::fmt;
use std::net::IpAddr;

use crate::error::{Error, Result};
use crate::ip::{parse_cidr, Cidr, STREAM};

/// One entry of an `ip.src` rule: an IPv4/IPv6 address or CIDR range, kept
/// with its original text (the token carries exactly what the caller gave).
#[derive(Clone, PartialEq, Eq)]
pub struct IpRange {
    text: String,
    cidr: Cidr,
}

impl IpRange {
    /// Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address, or `v6/n`. A bare address
    /// is a /32 (/128). Host bits after the prefix are allowed and ignored when
    /// matching (`10.0.0.5/24` covers `10.0.0.0/24`). The syntax is Stream's
    /// row of the table in `core/src/ip.rs` (`/08` accepted).
    pub fn parse(text: &str) -> Result<IpRange> {
        Self::parse_in(text, 0, "ip")
    }

    pub(crate) fn parse_in(text: &str, rule: usize, field: &'static str) -> Result<IpRange> {
        let cidr = parse_cidr(text, STREAM).map_err(|e| {
            let shown: String = text.chars().take(64).collect();
            Error::invalid_input(
                field,
                format!("accessRules[{rule}].ip: {shown:?} {}", e.reason()),
            )
        })?;
        Ok(IpRange {
            text: text.to_string(),
            cidr,
        })
    }

    /// The text as given (what goes into the token).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Prefix length (32/128 for a single address).
    pub fn prefix(&self) -> u8 {
        self.cidr.prefix
    }

    /// True when `ip` is inside the range. An IPv4 range never contains an
    /// IPv6 viewer and vice versa (Cloudflare: "an IPv4-based rule will never
    /// be applicable to a viewer connecting from an IPv6 address"). An
    /// IPv4-mapped viewer (`::ffff:a.b.c.d`) is its IPv4 address, and a range
    /// inside `::ffff:0:0/96` is the IPv4 range it denotes, so a block rule
    /// `::ffff:1.2.3.0/120` blocks 1.2.3.4 however the viewer's address is
    /// spelt. This is the crate-wide rule of `core/src/ip.rs`, shared with
    /// CloudFront and Media CDN.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.cidr.contains(ip)
    }
}

impl fmt::Debug for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IpRange({})", self.text)
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_match_by_the_crate_wide_rule() {
        crate::ip::check_matches(|range, client| {
            let r = IpRange::parse(range).unwrap();
            assert_eq!(r.as_str(), range, "the token keeps the text as given");
            Some(r.contains(client))
        });
        assert_eq!(IpRange::parse("203.0.113.7").unwrap().prefix(), 32);
        assert_eq!(
            IpRange::parse("10.0.0.0/08").unwrap().prefix(),
            8,
            "/08 accepted"
        );
    }

    #[test]
    fn bad_ranges_name_the_rule() {
        let stream_only = ["300.1.1.1", "2001:db8::/129", "localhost", "fe80::1%eth0"];
        for bad in crate::ip::REFUSED_BY_EVERY_VENDOR
            .into_iter()
            .chain(stream_only)
        {
            let e = IpRange::parse_in(bad, 3, "accessRules").unwrap_err();
            assert_eq!(e.field(), Some("accessRules"), "{bad}");
            assert!(e.message().contains("accessRules[3].ip"), "{e}");
        }
    }
}
