//! ISO 3166-1 alpha-2 country codes, for `ip.geoip.country` access rules.
//!
//! The list is the set of officially assigned codes as published in the
//! public-domain `iso3166.tab` of the IANA time zone database (current as of
//! ISO/TC 46 N1108, 2023-04-05): 249 codes.

use crate::error::{Error, Result};

/// Every officially assigned code, sorted (binary-searched).
pub const ASSIGNED: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// True for an officially assigned, upper-case alpha-2 code.
pub fn is_assigned(code: &str) -> bool {
    ASSIGNED.binary_search(&code).is_ok()
}

/// Checks one code of a rule's `country` list, with a hint for the usual
/// mistakes (`UK`, lower case, alpha-3). `index` is the rule's position.
pub(crate) fn check(code: &str, rule: usize, field: &'static str) -> Result<()> {
    if is_assigned(code) {
        return Ok(());
    }
    let shown: String = code.chars().take(8).collect();
    let hint = if code == "UK" {
        " (the United Kingdom is \"GB\")".to_string()
    } else if code.len() == 2 && is_assigned(&code.to_ascii_uppercase()) {
        format!(" (codes are upper case: \"{}\")", code.to_ascii_uppercase())
    } else if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        " (an alpha-3 code; Stream wants ISO 3166-1 alpha-2, e.g. \"US\")".to_string()
    } else {
        String::new()
    };
    Err(Error::invalid_input(
        field,
        format!("accessRules[{rule}].country: {shown:?} is not an ISO 3166-1 alpha-2 country code{hint}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_well_formed() {
        assert!(ASSIGNED.windows(2).all(|w| w[0] < w[1]));
        assert!(ASSIGNED
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert!(is_assigned("GB") && is_assigned("KR") && is_assigned("US"));
        assert!(!is_assigned("UK") && !is_assigned("gb") && !is_assigned("ZZ"));
    }

    #[test]
    fn hints_name_the_usual_mistakes() {
        let e = check("UK", 0, "accessRules").unwrap_err();
        assert!(e.message().contains("GB"), "{e}");
        let e = check("gb", 2, "accessRules").unwrap_err();
        assert!(
            e.message().contains("accessRules[2]") && e.message().contains("\"GB\""),
            "{e}"
        );
        let e = check("USA", 0, "accessRules").unwrap_err();
        assert!(e.message().contains("alpha-3"), "{e}");
        assert_eq!(e.field(), Some("accessRules"));
    }
}
