//! IP ranges, one implementation for every provider that binds a credential
//! to client addresses (CloudFront's `IpAddress`, Stream's `ip.src` access
//! rules, Media CDN's `IPRanges`): parsing a range ([`parse_cidr`], whose
//! vendor differences are the fields of [`CidrSyntax`]) and "is this client
//! inside this range" ([`cidr_contains`]), so an address means the same
//! thing everywhere. Each provider keeps its own type and error messages.
//!
//! # Parsing: what each vendor lets a range look like
//!
//! | | CloudFront `IpAddress` | Stream `ip.src` | Media CDN `IPRanges` |
//! |---|---|---|---|
//! | IPv6 ranges ([`CidrSyntax::ipv6`]) | refused: "IPv4 CIDR format" only | accepted | accepted |
//! | IPv4-mapped ranges (`::ffff:1.2.3.0/120`) | refused (IPv6 syntax) | accepted, the IPv4 range they denote | accepted, likewise |
//! | IPv4 address | std `Ipv4Addr::from_str`: four decimal octets 0-255, no leading zeros (`010.0.0.1` refused) | the same | the same |
//! | IPv6 address | — | std `Ipv6Addr::from_str` (no zone id `%eth0`) | the same |
//! | prefix with a leading zero (`/08`) ([`CidrSyntax::prefix_leading_zeros`]) | refused | accepted (`/08` = `/8`) | accepted |
//! | prefix digits | 1-3, `0..=32` | 1-3, `0..=32` / `0..=128` | the same |
//! | bare address | `/32` | `/32`, `/128` | the same |
//! | host bits after the prefix | kept as written, ignored when matching | the same | the same |
//! | whitespace, sign, empty prefix (`/`) | refused | refused | refused (entries are trimmed around `,` first) |
//!
//! AWS documents "standard IPv4 CIDR format"; it does not say whether `/08`
//! is accepted, so CloudFront keeps the stricter reading (refused), which
//! our signer has always applied. Cloudflare and Google do not say either;
//! Stream and Media CDN have always accepted `/08` here, and the token's
//! bytes are signed as given, so that is kept (refusing it now would make
//! tokens we signed unverifiable by our own verifier).
//!
//! # The rule
//!
//! 1. The client address is canonicalised: an IPv4-mapped IPv6 address
//!    (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) is the IPv4 address `a.b.c.d`.
//!    That is how a dual-stack socket reports an IPv4 peer, so it is the same
//!    host, and it must meet the same rules whichever way the origin's
//!    socket happened to spell it.
//! 2. A range whose network lies entirely inside `::ffff:0:0/96` (prefix 96
//!    or more) is the IPv4 range with prefix minus 96: `::ffff:1.2.3.0/120`
//!    is `1.2.3.0/24`. Otherwise such a range could match no client at all
//!    (clients are canonicalised to IPv4 by step 1), and a *block* rule
//!    written that way would silently block nobody.
//! 3. Any other IPv6 range (including `::/0` and `::ffff:0:0/95`) never
//!    contains an IPv4 or IPv4-mapped client.
//! 4. An IPv4 range never contains an IPv6 client that is not IPv4-mapped.
//!
//! Host bits after the prefix are ignored (`10.0.0.5/24` is `10.0.0.0/24`).
//!
//! # What the vendors say
//!
//! | vendor | documented | our reading |
//! |---|---|---|
//! | CloudFront `IpAddress` | "You must specify IP address ranges in standard IPv4 CIDR format"; IPv6 "not supported", and AWS says not to enable IPv6 on a distribution whose policies use `IpAddress` | policies are IPv4-only (refused at parsing); an IPv4-mapped client is its IPv4 address (rule 1); any other IPv6 client is outside (rule 4) |
//! | Cloudflare Stream `ip.src` | "an array of ip ranges" (IPv4 or IPv6 addresses or CIDRs); "Having only a single variant in a rule means that rule will ignore the other variant. For example, an IPv4-based rule will never be applicable to a viewer connecting from an IPv6 address." Mapped addresses are not mentioned | rules 3 and 4 are the documented family split; rules 1 and 2 treat a mapped address or range as the IPv4 variant it denotes, so `::ffff:1.2.3.0/120` in a block rule blocks 1.2.3.4 |
//! | Google Media CDN `IPRanges` | up to five IPv4 or IPv6 CIDR ranges, comma-separated, base64url (`core/src/mediacdn/RULES.md` T11); mapped addresses are not mentioned | the same four rules |
//!
//! Where the vendors are silent (mapped clients and mapped ranges) the same
//! choice is made for all three: an address is one host whichever family it
//! is written in, so a block can never be sidestepped by spelling the client
//! or the rule in the other family.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// How a vendor writes a range: the differences in the table above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CidrSyntax {
    /// IPv6 (and IPv4-mapped) networks are accepted.
    pub ipv6: bool,
    /// A prefix length may start with `0` (`/08`).
    pub prefix_leading_zeros: bool,
}

/// CloudFront `IpAddress`: IPv4 only, no `/08`.
pub(crate) const CLOUDFRONT: CidrSyntax = CidrSyntax {
    ipv6: false,
    prefix_leading_zeros: false,
};

/// Stream `ip.src`: IPv4 or IPv6, `/08` accepted.
pub(crate) const STREAM: CidrSyntax = CidrSyntax {
    ipv6: true,
    prefix_leading_zeros: true,
};

/// Media CDN `IPRanges`: IPv4 or IPv6, `/08` accepted.
pub(crate) const MEDIA_CDN: CidrSyntax = CidrSyntax {
    ipv6: true,
    prefix_leading_zeros: true,
};

/// A parsed range: the network as written (host bits kept) and its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Cidr {
    pub network: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    /// True when `client` is inside the range ([`cidr_contains`]).
    pub fn contains(&self, client: IpAddr) -> bool {
        cidr_contains(self.network, self.prefix, client)
    }
}

/// Why a range did not parse; each provider words its own message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CidrError {
    /// IPv6 text where the syntax allows IPv4 only.
    Ipv6NotAllowed,
    /// The address part is not an address of an allowed family.
    Address,
    /// The prefix is empty, not 1-3 decimal digits, or has a leading zero
    /// where the syntax refuses one.
    PrefixSyntax,
    /// The prefix is larger than the family allows.
    PrefixTooLarge {
        /// The prefix as written.
        prefix: u16,
        /// 32 or 128.
        max: u8,
    },
}

impl CidrError {
    /// The reason, worded after the quoted range (`"10.0.0.0/33" has prefix
    /// length /33; the maximum for IPv4 is /32`), for the providers that
    /// accept both families.
    pub fn reason(self) -> String {
        match self {
            CidrError::Ipv6NotAllowed => "is IPv6, which is not accepted here".to_string(),
            CidrError::Address => "is not an IPv4 or IPv6 address or CIDR range".to_string(),
            CidrError::PrefixSyntax => "has a prefix length that is not a number".to_string(),
            CidrError::PrefixTooLarge { prefix, max } => format!(
                "has prefix length /{prefix}; the maximum for {} is /{max}",
                if max == 32 { "IPv4" } else { "IPv6" }
            ),
        }
    }
}

/// Parses `address` or `address/prefix` under `syntax`. A bare address is
/// `/32` (`/128`).
pub(crate) fn parse_cidr(text: &str, syntax: CidrSyntax) -> Result<Cidr, CidrError> {
    if !syntax.ipv6 && text.contains(':') {
        return Err(CidrError::Ipv6NotAllowed);
    }
    let (addr_text, prefix_text) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let network: IpAddr = if syntax.ipv6 {
        addr_text.parse().map_err(|_| CidrError::Address)?
    } else {
        IpAddr::V4(
            addr_text
                .parse::<Ipv4Addr>()
                .map_err(|_| CidrError::Address)?,
        )
    };
    let max: u8 = if network.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix_text {
        None => max,
        Some(p) => {
            if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CidrError::PrefixSyntax);
            }
            if !syntax.prefix_leading_zeros && p.len() > 1 && p.starts_with('0') {
                return Err(CidrError::PrefixSyntax);
            }
            // At most three digits: always fits.
            let n: u16 = p.parse().map_err(|_| CidrError::PrefixSyntax)?;
            if n > u16::from(max) {
                return Err(CidrError::PrefixTooLarge { prefix: n, max });
            }
            n as u8
        }
    };
    Ok(Cidr { network, prefix })
}

/// `ip` with an IPv4-mapped IPv6 address turned into its IPv4 address
/// (rule 1); anything else unchanged.
pub(crate) fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

/// True when `client` is inside `network/prefix` under the rule in the
/// module doc. `prefix` is at most 32 for an IPv4 network and 128 for IPv6
/// (callers check this when parsing); a larger value is clamped, so a bad
/// prefix can never widen the range.
pub(crate) fn cidr_contains(network: IpAddr, prefix: u8, client: IpAddr) -> bool {
    match (effective_range(network, prefix), canonical(client)) {
        ((IpAddr::V4(net), p), IpAddr::V4(c)) => {
            prefix_eq(u128::from(u32::from(net)), u128::from(u32::from(c)), 32, p)
        }
        ((IpAddr::V6(net), p), IpAddr::V6(c)) => prefix_eq(u128::from(net), u128::from(c), 128, p),
        _ => false,
    }
}

/// The range as matched: a range inside `::ffff:0:0/96` becomes the IPv4
/// range it denotes (rule 2); any other range is kept.
fn effective_range(network: IpAddr, prefix: u8) -> (IpAddr, u8) {
    match network {
        IpAddr::V4(n) => (IpAddr::V4(n), prefix.min(32)),
        IpAddr::V6(n) => {
            let prefix = prefix.min(128);
            match mapped_network(n, prefix) {
                Some(v4) => (IpAddr::V4(v4), prefix - 96),
                None => (IpAddr::V6(n), prefix),
            }
        }
    }
}

/// The IPv4 network of an IPv6 range lying entirely inside `::ffff:0:0/96`:
/// the prefix must cover all of those 96 bits, and they must be
/// `0:0:0:0:0:ffff`.
fn mapped_network(network: Ipv6Addr, prefix: u8) -> Option<Ipv4Addr> {
    if prefix < 96 {
        return None;
    }
    network.to_ipv4_mapped()
}

/// Whether the first `prefix` of `width` bits of `a` and `b` agree.
fn prefix_eq(a: u128, b: u128, width: u32, prefix: u8) -> bool {
    let prefix = u32::from(prefix).min(width);
    if prefix == 0 {
        return true;
    }
    let shift = width - prefix;
    (a >> shift) == (b >> shift)
}

/// (range, client, inside?) under the rule of the module doc: same-family
/// prefixes (rule-free), IPv4-mapped clients (rule 1), mapped ranges
/// (rule 2), other IPv6 ranges (rule 3), IPv4 ranges and IPv6 clients
/// (rule 4). Each provider's tests run the rows its syntax accepts through
/// its own range type.
#[cfg(test)]
pub(crate) const MATCHES: [(&str, &str, bool); 38] = [
    ("1.2.3.0/24", "1.2.3.255", true),
    ("1.2.3.0/24", "1.2.4.0", false),
    ("1.2.3.5/24", "1.2.3.200", true),
    ("10.0.0.5/20", "10.0.15.255", true),
    ("10.0.0.5/20", "10.0.16.0", false),
    ("0.0.0.0/0", "8.8.8.8", true),
    ("203.0.113.7/32", "203.0.113.7", true),
    ("203.0.113.7/32", "203.0.113.6", false),
    ("2001:db8::/32", "2001:db8:ffff::1", true),
    ("2001:db8::/32", "2001:db9::1", false),
    ("::/0", "2001:db8::1", true),
    ("2001:db8::1/128", "2001:db8::1", true),
    ("2001:db8::1/128", "2001:db8::2", false),
    ("1.2.3.0/24", "::ffff:1.2.3.4", true),
    ("1.2.3.0/24", "::ffff:1.2.4.4", false),
    ("0.0.0.0/0", "::ffff:8.8.8.8", true),
    ("1.2.3.0/24", "::1.2.3.4", false),
    ("1.2.3.0/24", "64:ff9b::1.2.3.4", false),
    ("0.0.0.0/0", "2001:db8::1", false),
    ("::ffff:1.2.3.77/120", "1.2.3.1", true),
    ("::ffff:0.0.0.0/96", "2001:db8::1", false),
    ("::ffff:1.2.3.0/120", "::1.2.3.4", false),
    ("::ffff:1.2.3.0/120", "1.2.3.4", true),
    ("::ffff:1.2.3.4/128", "1.2.3.4", true),
    ("::ffff:0.0.0.0/96", "1.2.3.4", true),
    ("::ffff:1.2.4.0/120", "1.2.3.4", false),
    ("::ffff:1.2.3.0/120", "::ffff:1.2.3.4", true),
    ("::ffff:1.2.3.4/128", "::ffff:1.2.3.4", true),
    ("::ffff:0.0.0.0/96", "::ffff:1.2.3.4", true),
    ("::ffff:1.2.4.0/120", "::ffff:1.2.3.4", false),
    ("::/0", "1.2.3.4", false),
    ("::/0", "::ffff:1.2.3.4", false),
    ("::ffff:0:0/95", "1.2.3.4", false),
    ("::ffff:0:0/95", "::ffff:1.2.3.4", false),
    ("::/96", "1.2.3.4", false),
    ("::/96", "::ffff:1.2.3.4", false),
    ("64:ff9b::/96", "1.2.3.4", false),
    ("64:ff9b::/96", "::ffff:1.2.3.4", false),
];

/// Runs [`MATCHES`] through a provider's range type: `contains(range,
/// client)` parses `range` with the provider's own parser (`None` when its
/// syntax refuses the range, which only IPv6-free syntaxes may do for IPv6
/// rows) and answers whether `client` is inside.
#[cfg(test)]
pub(crate) fn check_matches(contains: impl Fn(&str, IpAddr) -> Option<bool>) {
    for (range, client, want) in MATCHES {
        let client: IpAddr = client.parse().unwrap();
        match contains(range, client) {
            Some(got) => assert_eq!(got, want, "{range} {client}"),
            None => assert!(range.contains(':'), "{range} refused"),
        }
    }
}

/// Ranges every vendor's syntax refuses; each provider's tests run them
/// through its own parser too.
#[cfg(test)]
pub(crate) const REFUSED_BY_EVERY_VENDOR: [&str; 16] = [
    "",
    "/",
    "192.0.2.0/",
    "10.0.0/8",
    "1.2.3.4.5",
    "256.1.1.1",
    "010.0.0.1",
    "1.2.3.-4",
    " 1.2.3.4",
    "1.2.3.4 ",
    "1.2.3.4/8/8",
    "a.b.c.d",
    "192.0.2.0/+8",
    "192.0.2.0/0008",
    "192.0.2.0/x",
    "10.0.0.0/33",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn parsing_differs_only_where_the_table_says() {
        let all = [CLOUDFRONT, STREAM, MEDIA_CDN];
        for syntax in all {
            let c = parse_cidr("10.1.2.3/8", syntax).unwrap();
            assert_eq!((c.network, c.prefix), (ip("10.1.2.3"), 8), "host bits kept");
            assert_eq!(parse_cidr("192.0.2.7", syntax).unwrap().prefix, 32);
            assert_eq!(parse_cidr("0.0.0.0/0", syntax).unwrap().prefix, 0);
            for bad in REFUSED_BY_EVERY_VENDOR {
                assert!(parse_cidr(bad, syntax).is_err(), "{bad} {syntax:?}");
            }
            assert_eq!(
                parse_cidr("10.0.0.0/33", syntax),
                Err(CidrError::PrefixTooLarge {
                    prefix: 33,
                    max: 32
                })
            );
        }
        // Leading zero in the prefix.
        assert_eq!(
            parse_cidr("10.0.0.0/08", CLOUDFRONT),
            Err(CidrError::PrefixSyntax)
        );
        assert_eq!(
            parse_cidr("10.0.0.0/024", CLOUDFRONT),
            Err(CidrError::PrefixSyntax)
        );
        for syntax in [STREAM, MEDIA_CDN] {
            assert_eq!(parse_cidr("10.0.0.0/08", syntax).unwrap().prefix, 8);
            assert_eq!(parse_cidr("10.0.0.0/024", syntax).unwrap().prefix, 24);
        }
        // IPv6 and IPv4-mapped ranges.
        for text in ["2001:db8::/32", "::ffff:1.2.3.0/120", "::1", "1:2"] {
            assert_eq!(
                parse_cidr(text, CLOUDFRONT),
                Err(CidrError::Ipv6NotAllowed),
                "{text}"
            );
        }
        for syntax in [STREAM, MEDIA_CDN] {
            assert_eq!(parse_cidr("2001:db8::/32", syntax).unwrap().prefix, 32);
            assert_eq!(parse_cidr("2001:db8::1", syntax).unwrap().prefix, 128);
            let mapped = parse_cidr("::ffff:1.2.3.0/120", syntax).unwrap();
            assert!(mapped.contains(ip("1.2.3.4")));
            assert_eq!(
                parse_cidr("::/129", syntax),
                Err(CidrError::PrefixTooLarge {
                    prefix: 129,
                    max: 128
                })
            );
            assert_eq!(parse_cidr("fe80::1%eth0", syntax), Err(CidrError::Address));
            assert_eq!(
                parse_cidr("2001:db8:4a7f:a732/64", syntax),
                Err(CidrError::Address)
            );
        }
    }

    #[test]
    fn canonical_maps_only_ipv4_mapped() {
        assert_eq!(canonical(ip("::ffff:1.2.3.4")), ip("1.2.3.4"));
        assert_eq!(canonical(ip("1.2.3.4")), ip("1.2.3.4"));
        // IPv4-compatible (deprecated) and NAT64 addresses are IPv6 hosts.
        assert_eq!(canonical(ip("::1.2.3.4")), ip("::1.2.3.4"));
        assert_eq!(canonical(ip("64:ff9b::1.2.3.4")), ip("64:ff9b::1.2.3.4"));
        assert_eq!(canonical(ip("::1")), ip("::1"));
    }

    #[test]
    fn the_rule_in_the_module_doc() {
        for (range, client, want) in MATCHES {
            let (n, p) = range.split_once('/').unwrap();
            assert_eq!(
                cidr_contains(ip(n), p.parse().unwrap(), ip(client)),
                want,
                "{range} {client}"
            );
        }
    }

    #[test]
    fn out_of_range_prefixes_never_widen() {
        assert!(!cidr_contains(ip("1.2.3.4"), 200, ip("1.2.3.5")));
        assert!(cidr_contains(ip("1.2.3.4"), 200, ip("1.2.3.4")));
        assert!(!cidr_contains(ip("2001:db8::1"), 255, ip("2001:db8::2")));
    }
}
