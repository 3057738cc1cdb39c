//! One rule for "is this client inside this CIDR range", shared by every
//! provider that binds a credential to client addresses (CloudFront's
//! `IpAddress`, Stream's `ip.src` access rules, Media CDN's `IPRanges`).
//! Each provider keeps its own parsing (what it lets a signer write); only
//! the matching lives here, so an address means the same thing everywhere.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn contains(range: &str, client: &str) -> bool {
        let (n, p) = range.split_once('/').unwrap();
        cidr_contains(ip(n), p.parse().unwrap(), ip(client))
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
    fn same_family_prefixes() {
        assert!(contains("1.2.3.0/24", "1.2.3.255"));
        assert!(!contains("1.2.3.0/24", "1.2.4.0"));
        assert!(contains("1.2.3.5/24", "1.2.3.200"), "host bits ignored");
        assert!(contains("10.0.0.5/20", "10.0.15.255"));
        assert!(!contains("10.0.0.5/20", "10.0.16.0"));
        assert!(contains("0.0.0.0/0", "8.8.8.8"));
        assert!(contains("203.0.113.7/32", "203.0.113.7"));
        assert!(!contains("203.0.113.7/32", "203.0.113.6"));
        assert!(contains("2001:db8::/32", "2001:db8:ffff::1"));
        assert!(!contains("2001:db8::/32", "2001:db9::1"));
        assert!(contains("::/0", "2001:db8::1"));
        assert!(contains("2001:db8::1/128", "2001:db8::1"));
        assert!(!contains("2001:db8::1/128", "2001:db8::2"));
    }

    #[test]
    fn mapped_clients_are_ipv4() {
        assert!(contains("1.2.3.0/24", "::ffff:1.2.3.4"));
        assert!(!contains("1.2.3.0/24", "::ffff:1.2.4.4"));
        assert!(contains("0.0.0.0/0", "::ffff:8.8.8.8"));
        // Rule 4: an IPv4 range never holds a non-mapped IPv6 client, even
        // one whose last 32 bits look like a member.
        assert!(!contains("1.2.3.0/24", "::1.2.3.4"));
        assert!(!contains("1.2.3.0/24", "64:ff9b::1.2.3.4"));
        assert!(!contains("0.0.0.0/0", "2001:db8::1"));
    }

    #[test]
    fn mapped_ranges_are_ipv4() {
        for client in ["1.2.3.4", "::ffff:1.2.3.4"] {
            assert!(contains("::ffff:1.2.3.0/120", client), "{client}");
            assert!(contains("::ffff:1.2.3.4/128", client), "{client}");
            assert!(contains("::ffff:0.0.0.0/96", client), "{client}");
            assert!(!contains("::ffff:1.2.4.0/120", client), "{client}");
        }
        assert!(
            contains("::ffff:1.2.3.77/120", "1.2.3.1"),
            "host bits ignored"
        );
        // Rule 3: other IPv6 ranges hold no IPv4 client, mapped or not.
        for range in ["::/0", "::ffff:0:0/95", "::/96", "64:ff9b::/96"] {
            assert!(!contains(range, "1.2.3.4"), "{range}");
            assert!(!contains(range, "::ffff:1.2.3.4"), "{range}");
        }
        // A mapped range is an IPv4 range: no IPv6 client is inside it.
        assert!(!contains("::ffff:0.0.0.0/96", "2001:db8::1"));
        assert!(!contains("::ffff:1.2.3.0/120", "::1.2.3.4"));
    }

    #[test]
    fn out_of_range_prefixes_never_widen() {
        assert!(!cidr_contains(ip("1.2.3.4"), 200, ip("1.2.3.5")));
        assert!(cidr_contains(ip("1.2.3.4"), 200, ip("1.2.3.4")));
        assert!(!cidr_contains(ip("2001:db8::1"), 255, ip("2001:db8::2")));
    }
}
