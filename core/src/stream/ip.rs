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

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_match_by_family_and_prefix() {
        let r = IpRange::parse("93.184.216.0/24").unwrap();
        assert!(r.contains(ip("93.184.216.34")));
        assert!(!r.contains(ip("93.184.217.1")));
        assert!(r.contains(ip("::ffff:93.184.216.34")));
        assert!(!r.contains(ip("2400:cb00::1")));
        let r = IpRange::parse("2400:cb00::/32").unwrap();
        assert!(r.contains(ip("2400:cb00:2048:1::6814:2")));
        assert!(!r.contains(ip("2400:cb01::1")));
        assert!(!r.contains(ip("93.184.216.34")));
        let r = IpRange::parse("203.0.113.7").unwrap();
        assert_eq!(r.prefix(), 32);
        assert!(r.contains(ip("203.0.113.7")) && !r.contains(ip("203.0.113.8")));
        let r = IpRange::parse("10.0.0.5/20").unwrap();
        assert!(r.contains(ip("10.0.15.255")) && !r.contains(ip("10.0.16.0")));
        assert!(IpRange::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(IpRange::parse("::/0").unwrap().contains(ip("2001:db8::1")));
    }

    #[test]
    fn mapped_ranges_and_viewers_are_ipv4() {
        let r = IpRange::parse("::ffff:1.2.3.0/120").unwrap();
        assert!(r.contains(ip("1.2.3.4")));
        assert!(r.contains(ip("::ffff:1.2.3.4")));
        assert!(!r.contains(ip("1.2.4.4")));
        assert!(!r.contains(ip("2001:db8::1")));
        assert_eq!(
            r.as_str(),
            "::ffff:1.2.3.0/120",
            "the token keeps the text as given"
        );
        let r = IpRange::parse("1.2.3.0/24").unwrap();
        assert!(r.contains(ip("::ffff:1.2.3.9")));
        // An IPv6 rule outside ::ffff:0:0/96 never applies to an IPv4 viewer.
        assert!(!IpRange::parse("::/0").unwrap().contains(ip("1.2.3.4")));
        assert!(!IpRange::parse("::/0")
            .unwrap()
            .contains(ip("::ffff:1.2.3.4")));
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
