//! `IPRanges`: up to five IPv4/IPv6 CIDRs, comma-separated, base64url
//! (RULES.md T11).

use std::fmt;
use std::net::IpAddr;

use crate::encoding::{b64url_decode, b64url_encode};
use crate::error::{Error, Result};
use crate::ip::{parse_cidr, Cidr, MEDIA_CDN};

/// At most this many ranges in one `IPRanges` field.
pub const MAX_IP_RANGES: usize = 5;

/// One CIDR range.
#[derive(Clone, PartialEq, Eq)]
pub struct IpRange {
    cidr: Cidr,
}

impl IpRange {
    /// Parses `a.b.c.d/n` or `v6/n`; a bare address is `/32` (`/128`). Host
    /// bits after the prefix are allowed and ignored when matching. The
    /// syntax is Media CDN's row of the table in `core/src/ip.rs`.
    pub fn parse(text: &str) -> Result<IpRange> {
        let cidr = parse_cidr(text, MEDIA_CDN).map_err(|e| {
            let shown: String = text.chars().take(64).collect();
            Error::invalid_input(
                "ip_ranges",
                format!("IPRanges entry {shown:?} {}", e.reason()),
            )
        })?;
        Ok(IpRange { cidr })
    }

    /// True when `ip` is inside the range, under the crate-wide rule of
    /// `core/src/ip.rs` (shared with CloudFront and Stream): an IPv4-mapped
    /// client (`::ffff:a.b.c.d`) is its IPv4 address, a range inside
    /// `::ffff:0:0/96` (such as `::ffff:203.0.113.0/120`) is the IPv4 range
    /// it denotes, and otherwise an IPv4 range holds only IPv4 clients and an
    /// IPv6 range only IPv6 ones.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.cidr.contains(ip)
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.cidr.network, self.cidr.prefix)
    }
}

impl fmt::Debug for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IpRange({self})")
    }
}

/// The `IPRanges` value to sign: entries checked, bare addresses given their
/// full prefix, the rest kept as written.
pub(crate) fn encode_for_token(ranges: &[String]) -> Result<String> {
    if ranges.is_empty() {
        return Err(Error::invalid_input(
            "ip_ranges",
            "IPRanges is empty; leave the field out to allow any client",
        ));
    }
    if ranges.len() > MAX_IP_RANGES {
        return Err(Error::invalid_input(
            "ip_ranges",
            format!(
                "IPRanges holds at most {MAX_IP_RANGES} ranges, got {}",
                ranges.len()
            ),
        ));
    }
    let mut texts = Vec::with_capacity(ranges.len());
    for r in ranges {
        let r = r.trim();
        let parsed = IpRange::parse(r)?;
        texts.push(if r.contains('/') {
            r.to_string()
        } else {
            parsed.to_string()
        });
    }
    Ok(b64url_encode(texts.join(",").as_bytes(), false))
}

/// A received `IPRanges` entry: parsed, or kept as text when it does not
/// parse (such an entry matches no client).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceivedRange {
    /// A valid range.
    Range(IpRange),
    /// Text that is not a CIDR (Google's own sample signs one).
    Invalid(String),
}

/// Decodes a received `IPRanges` value.
pub(crate) fn decode_received(value: &str) -> Result<Vec<ReceivedRange>> {
    let bytes = b64url_decode(value, "IPRanges")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::malformed("IPRanges", "IPRanges does not decode to text"))?;
    let entries: Vec<&str> = text.split(',').collect();
    if entries.len() > MAX_IP_RANGES {
        return Err(Error::malformed(
            "IPRanges",
            format!(
                "IPRanges holds {} ranges; Media CDN allows at most {MAX_IP_RANGES}",
                entries.len()
            ),
        ));
    }
    Ok(entries
        .into_iter()
        .map(|e| match IpRange::parse(e.trim()) {
            Ok(r) => ReceivedRange::Range(r),
            Err(_) => ReceivedRange::Invalid(e.chars().take(64).collect()),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_match_by_the_crate_wide_rule() {
        crate::ip::check_matches(|range, client| {
            Some(IpRange::parse(range).unwrap().contains(client))
        });
        assert_eq!(
            IpRange::parse("10.0.0.5").unwrap().to_string(),
            "10.0.0.5/32"
        );
        assert_eq!(
            IpRange::parse("10.0.0.0/08").unwrap().to_string(),
            "10.0.0.0/8",
            "/08 accepted"
        );
    }

    #[test]
    fn bad_ranges() {
        let media_only = ["x", "2001:db8:4a7f:a732/64", "1.2.3.4/-1", "::/129"];
        for bad in crate::ip::REFUSED_BY_EVERY_VENDOR
            .into_iter()
            .chain(media_only)
        {
            assert_eq!(
                IpRange::parse(bad).unwrap_err().field(),
                Some("ip_ranges"),
                "{bad}"
            );
        }
    }

    #[test]
    fn encode_and_decode() {
        let enc = encode_for_token(&["203.0.113.0/24".into(), "2001:db8::1".into()]).unwrap();
        let dec = decode_received(&enc).unwrap();
        assert_eq!(dec.len(), 2);
        assert!(matches!(&dec[1], ReceivedRange::Range(r) if r.to_string() == "2001:db8::1/128"));
        let google = "MjAzLjAuMTEzLjAvMjQsMjAwMTpkYjg6NGE3ZjphNzMyLzY0";
        let dec = decode_received(google).unwrap();
        assert!(matches!(dec[0], ReceivedRange::Range(_)));
        assert!(matches!(dec[1], ReceivedRange::Invalid(_)));
        assert!(encode_for_token(&[]).is_err());
    }
}
