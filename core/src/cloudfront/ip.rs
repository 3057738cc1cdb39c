//! The `IpAddress` condition: one IPv4 address or CIDR block. CloudFront's
//! guide: "You must specify IP address ranges in standard IPv4 CIDR format";
//! "IP addresses in IPv6 format ... are not supported".

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

use super::url::shown;
use crate::error::{Error, Result};
use crate::ip::{parse_cidr, CidrError, CLOUDFRONT};

/// An IPv4 CIDR block as written in a policy (`a.b.c.d/n`). The address is
/// kept as given (host bits are not cleared), so the policy says exactly what
/// the caller wrote; matching masks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ipv4Cidr {
    addr: Ipv4Addr,
    prefix: u8,
}

impl Ipv4Cidr {
    /// Parses `a.b.c.d/n` or a bare `a.b.c.d` (which becomes `/32`, as both
    /// AWS SDKs do). Strict: four decimal octets 0-255 without leading zeros,
    /// a prefix 0-32 without leading zeros; IPv6 is refused with a message
    /// saying CloudFront does not support it (CloudFront's row of the table
    /// in `core/src/ip.rs`). `field` names the argument in errors.
    pub fn parse(text: &str, field: &'static str) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid_input(
                field,
                format!(
                    "{field}={} is not an IPv4 address or CIDR block like 192.0.2.0/24: {why}",
                    shown(text)
                ),
            )
        };
        let cidr = parse_cidr(text, CLOUDFRONT).map_err(|e| match e {
            CidrError::Ipv6NotAllowed => Error::invalid_input(
                field,
                format!(
                    "{field}={} is IPv6; CloudFront policies accept only IPv4 (a viewer arriving over IPv6 cannot satisfy an IpAddress condition, so disable IPv6 on the distribution or drop the IP condition)",
                    shown(text)
                ),
            ),
            CidrError::Address => {
                bad("an IPv4 address is four decimal octets 0-255 without leading zeros")
            }
            CidrError::PrefixSyntax | CidrError::PrefixTooLarge { .. } => {
                bad("the prefix length after '/' must be 0-32, without leading zeros")
            }
        })?;
        match cidr.network {
            IpAddr::V4(addr) => Ok(Ipv4Cidr {
                addr,
                prefix: cidr.prefix,
            }),
            IpAddr::V6(_) => Err(bad("not IPv4")),
        }
    }

    /// The address part, as written.
    pub fn addr(&self) -> Ipv4Addr {
        self.addr
    }

    /// The prefix length.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// True when `ip` is an IPv4 address (or an IPv4-mapped IPv6 address,
    /// `::ffff:a.b.c.d`, as a dual-stack socket reports an IPv4 peer) inside
    /// the block. Any other IPv6 address is outside: CloudFront supports
    /// IPv4 only in `IpAddress`. The matching is the crate-wide rule of
    /// `core/src/ip.rs`, shared with Stream and Media CDN.
    pub fn contains(&self, ip: IpAddr) -> bool {
        crate::ip::cidr_contains(IpAddr::V4(self.addr), self.prefix, ip)
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cidrs_and_bare_addresses() {
        let c = Ipv4Cidr::parse("192.0.2.0/24", "ip_range").unwrap();
        assert_eq!(c.to_string(), "192.0.2.0/24");
        assert_eq!(
            Ipv4Cidr::parse("192.0.2.10", "ip_range")
                .unwrap()
                .to_string(),
            "192.0.2.10/32"
        );
        assert_eq!(
            Ipv4Cidr::parse("0.0.0.0/0", "ip_range")
                .unwrap()
                .to_string(),
            "0.0.0.0/0"
        );
        // Host bits are kept as written.
        assert_eq!(
            Ipv4Cidr::parse("10.1.2.3/8", "ip_range")
                .unwrap()
                .to_string(),
            "10.1.2.3/8"
        );
    }

    #[test]
    fn refuses_everything_else_naming_the_field() {
        let cloudfront_only = [
            "192.0.2.0/024",
            "192.168.0.0/24\",\"IpAddress\":{\"AWS:SourceIp\":\"0.0.0.0/0",
            "2001:db8::/32",
            "::ffff:1.2.3.4",
        ];
        for bad in crate::ip::REFUSED_BY_EVERY_VENDOR
            .into_iter()
            .chain(cloudfront_only)
        {
            let err = Ipv4Cidr::parse(bad, "ip_range").unwrap_err();
            assert_eq!(err.field(), Some("ip_range"), "{bad:?}");
            assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
        }
        assert!(Ipv4Cidr::parse("2001:db8::1", "ip_range")
            .unwrap_err()
            .message()
            .contains("IPv6"));
    }

    #[test]
    fn containment() {
        // The crate-wide rule's IPv4 rows (CloudFront refuses IPv6 ranges).
        crate::ip::check_matches(|range, client| {
            Ipv4Cidr::parse(range, "ip")
                .ok()
                .map(|c| c.contains(client))
        });
        let one = Ipv4Cidr::parse("10.0.0.1", "ip").unwrap();
        assert!(one.contains("10.0.0.1".parse().unwrap()));
        assert!(!one.contains("10.0.0.2".parse().unwrap()));
        assert!(Ipv4Cidr::parse("10.0.0.0/08", "ip").is_err(), "/08 refused");
    }
}
