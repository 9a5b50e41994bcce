//! Dutch names of states, for drafts that name a country of return or of
//! nationality ("naar het Verenigd Koninkrijk", "de Moldavische").
//!
//! ISO 3166-1 alpha-2 and alpha-3 codes with the Dutch short name (from the
//! ISO 3166-1 Dutch translation of the iso-codes project, with the names the
//! Dutch government uses where they differ: Belarus, Georgië, Kosovo).

/// (alpha-2, alpha-3, Dutch name), sorted by alpha-2.
const STATES: &[(&str, &str, &str)] = &[
    ("AD", "AND", "Andorra"),
    ("AE", "ARE", "Verenigde Arabische Emiraten"),
    ("AF", "AFG", "Afghanistan"),
    ("AG", "ATG", "Antigua en Barbuda"),
    ("AI", "AIA", "Anguilla"),
    ("AL", "ALB", "Albanië"),
    ("AM", "ARM", "Armenië"),
    ("AO", "AGO", "Angola"),
    ("AQ", "ATA", "Antarctica"),
    ("AR", "ARG", "Argentinië"),
    ("AS", "ASM", "Amerikaans-Samoa"),
    ("AT", "AUT", "Oostenrijk"),
    ("AU", "AUS", "Australië"),
    ("AW", "ABW", "Aruba"),
    ("AX", "ALA", "Ålandseilanden"),
    ("AZ", "AZE", "Azerbeidzjan"),
    ("BA", "BIH", "Bosnië en Herzegovina"),
    ("BB", "BRB", "Barbados"),
    ("BD", "BGD", "Bangladesh"),
    ("BE", "BEL", "België"),
    ("BF", "BFA", "Burkina Faso"),
    ("BG", "BGR", "Bulgarije"),
    ("BH", "BHR", "Bahrein"),
    ("BI", "BDI", "Burundi"),
    ("BJ", "BEN", "Benin"),
    ("BL", "BLM", "Saint-Barthélemy"),
    ("BM", "BMU", "Bermuda"),
    ("BN", "BRN", "Brunei"),
    ("BO", "BOL", "Bolivia"),
    ("BQ", "BES", "Bonaire, Sint Eustatius en Saba"),
    ("BR", "BRA", "Brazilië"),
    ("BS", "BHS", "Bahama's"),
    ("BT", "BTN", "Bhutan"),
    ("BV", "BVT", "Bouveteiland"),
    ("BW", "BWA", "Botswana"),
    ("BY", "BLR", "Belarus"),
    ("BZ", "BLZ", "Belize"),
    ("CA", "CAN", "Canada"),
    ("CC", "CCK", "Cocoseilanden"),
    ("CD", "COD", "Democratische Republiek Congo"),
    ("CF", "CAF", "Centraal-Afrikaanse Republiek"),
    ("CG", "COG", "Congo"),
    ("CH", "CHE", "Zwitserland"),
    ("CI", "CIV", "Ivoorkust"),
    ("CK", "COK", "Cookeilanden"),
    ("CL", "CHL", "Chili"),
    ("CM", "CMR", "Kameroen"),
    ("CN", "CHN", "China"),
    ("CO", "COL", "Colombia"),
    ("CR", "CRI", "Costa Rica"),
    ("CU", "CUB", "Cuba"),
    ("CV", "CPV", "Kaapverdië"),
    ("CW", "CUW", "Curaçao"),
    ("CX", "CXR", "Christmaseiland"),
    ("CY", "CYP", "Cyprus"),
    ("CZ", "CZE", "Tsjechië"),
    ("DE", "DEU", "Duitsland"),
    ("DJ", "DJI", "Djibouti"),
    ("DK", "DNK", "Denemarken"),
    ("DM", "DMA", "Dominica"),
    ("DO", "DOM", "Dominicaanse Republiek"),
    ("DZ", "DZA", "Algerije"),
    ("EC", "ECU", "Ecuador"),
    ("EE", "EST", "Estland"),
    ("EG", "EGY", "Egypte"),
    ("EH", "ESH", "Westelijke Sahara"),
    ("ER", "ERI", "Eritrea"),
    ("ES", "ESP", "Spanje"),
    ("ET", "ETH", "Ethiopië"),
    ("FI", "FIN", "Finland"),
    ("FJ", "FJI", "Fiji"),
    ("FK", "FLK", "Falklandeilanden"),
    ("FM", "FSM", "Micronesië"),
    ("FO", "FRO", "Faeröer"),
    ("FR", "FRA", "Frankrijk"),
    ("GA", "GAB", "Gabon"),
    ("GB", "GBR", "Verenigd Koninkrijk"),
    ("GD", "GRD", "Grenada"),
    ("GE", "GEO", "Georgië"),
    ("GF", "GUF", "Frans-Guyana"),
    ("GG", "GGY", "Guernsey"),
    ("GH", "GHA", "Ghana"),
    ("GI", "GIB", "Gibraltar"),
    ("GL", "GRL", "Groenland"),
    ("GM", "GMB", "Gambia"),
    ("GN", "GIN", "Guinee"),
    ("GP", "GLP", "Guadeloupe"),
    ("GQ", "GNQ", "Equatoriaal-Guinea"),
    ("GR", "GRC", "Griekenland"),
    (
        "GS",
        "SGS",
        "Zuid-Georgia en de Zuidelijke Sandwicheilanden",
    ),
    ("GT", "GTM", "Guatemala"),
    ("GU", "GUM", "Guam"),
    ("GW", "GNB", "Guinee-Bissau"),
    ("GY", "GUY", "Guyana"),
    ("HK", "HKG", "Hongkong"),
    ("HM", "HMD", "Heardeiland en McDonaldeilanden"),
    ("HN", "HND", "Honduras"),
    ("HR", "HRV", "Kroatië"),
    ("HT", "HTI", "Haïti"),
    ("HU", "HUN", "Hongarije"),
    ("ID", "IDN", "Indonesië"),
    ("IE", "IRL", "Ierland"),
    ("IL", "ISR", "Israël"),
    ("IM", "IMN", "Eiland Man"),
    ("IN", "IND", "India"),
    ("IO", "IOT", "Brits Indische Oceaanterritorium"),
    ("IQ", "IRQ", "Irak"),
    ("IR", "IRN", "Iran"),
    ("IS", "ISL", "IJsland"),
    ("IT", "ITA", "Italië"),
    ("JE", "JEY", "Jersey"),
    ("JM", "JAM", "Jamaica"),
    ("JO", "JOR", "Jordanië"),
    ("JP", "JPN", "Japan"),
    ("KE", "KEN", "Kenia"),
    ("KG", "KGZ", "Kirgizië"),
    ("KH", "KHM", "Cambodja"),
    ("KI", "KIR", "Kiribati"),
    ("KM", "COM", "Comoren"),
    ("KN", "KNA", "Saint Kitts en Nevis"),
    ("KP", "PRK", "Noord-Korea"),
    ("KR", "KOR", "Zuid-Korea"),
    ("KW", "KWT", "Koeweit"),
    ("KY", "CYM", "Kaaimaneilanden"),
    ("KZ", "KAZ", "Kazachstan"),
    ("LA", "LAO", "Laos"),
    ("LB", "LBN", "Libanon"),
    ("LC", "LCA", "Saint Lucia"),
    ("LI", "LIE", "Liechtenstein"),
    ("LK", "LKA", "Sri Lanka"),
    ("LR", "LBR", "Liberia"),
    ("LS", "LSO", "Lesotho"),
    ("LT", "LTU", "Litouwen"),
    ("LU", "LUX", "Luxemburg"),
    ("LV", "LVA", "Letland"),
    ("LY", "LBY", "Libië"),
    ("MA", "MAR", "Marokko"),
    ("MC", "MCO", "Monaco"),
    ("MD", "MDA", "Moldavië"),
    ("ME", "MNE", "Montenegro"),
    ("MF", "MAF", "Sint-Maarten (Frans deel)"),
    ("MG", "MDG", "Madagaskar"),
    ("MH", "MHL", "Marshalleilanden"),
    ("MK", "MKD", "Noord-Macedonië"),
    ("ML", "MLI", "Mali"),
    ("MM", "MMR", "Myanmar"),
    ("MN", "MNG", "Mongolië"),
    ("MO", "MAC", "Macau"),
    ("MP", "MNP", "Noordelijke Marianen"),
    ("MQ", "MTQ", "Martinique"),
    ("MR", "MRT", "Mauritanië"),
    ("MS", "MSR", "Montserrat"),
    ("MT", "MLT", "Malta"),
    ("MU", "MUS", "Mauritius"),
    ("MV", "MDV", "Maldiven"),
    ("MW", "MWI", "Malawi"),
    ("MX", "MEX", "Mexico"),
    ("MY", "MYS", "Maleisië"),
    ("MZ", "MOZ", "Mozambique"),
    ("NA", "NAM", "Namibië"),
    ("NC", "NCL", "Nieuw-Caledonië"),
    ("NE", "NER", "Niger"),
    ("NF", "NFK", "Norfolkeiland"),
    ("NG", "NGA", "Nigeria"),
    ("NI", "NIC", "Nicaragua"),
    ("NL", "NLD", "Nederland"),
    ("NO", "NOR", "Noorwegen"),
    ("NP", "NPL", "Nepal"),
    ("NR", "NRU", "Nauru"),
    ("NU", "NIU", "Niue"),
    ("NZ", "NZL", "Nieuw-Zeeland"),
    ("OM", "OMN", "Oman"),
    ("PA", "PAN", "Panama"),
    ("PE", "PER", "Peru"),
    ("PF", "PYF", "Frans-Polynesië"),
    ("PG", "PNG", "Papoea-Nieuw-Guinea"),
    ("PH", "PHL", "Filipijnen"),
    ("PK", "PAK", "Pakistan"),
    ("PL", "POL", "Polen"),
    ("PM", "SPM", "Saint-Pierre en Miquelon"),
    ("PN", "PCN", "Pitcairneilanden"),
    ("PR", "PRI", "Puerto Rico"),
    ("PS", "PSE", "Palestijnse Gebieden"),
    ("PT", "PRT", "Portugal"),
    ("PW", "PLW", "Palau"),
    ("PY", "PRY", "Paraguay"),
    ("QA", "QAT", "Qatar"),
    ("RE", "REU", "Réunion"),
    ("RO", "ROU", "Roemenië"),
    ("RS", "SRB", "Servië"),
    ("RU", "RUS", "Rusland"),
    ("RW", "RWA", "Rwanda"),
    ("SA", "SAU", "Saoedi-Arabië"),
    ("SB", "SLB", "Salomonseilanden"),
    ("SC", "SYC", "Seychellen"),
    ("SD", "SDN", "Soedan"),
    ("SE", "SWE", "Zweden"),
    ("SG", "SGP", "Singapore"),
    ("SH", "SHN", "Sint-Helena, Ascension en Tristan da Cunha"),
    ("SI", "SVN", "Slovenië"),
    ("SJ", "SJM", "Spitsbergen en Jan Mayen"),
    ("SK", "SVK", "Slowakije"),
    ("SL", "SLE", "Sierra Leone"),
    ("SM", "SMR", "San Marino"),
    ("SN", "SEN", "Senegal"),
    ("SO", "SOM", "Somalië"),
    ("SR", "SUR", "Suriname"),
    ("SS", "SSD", "Zuid-Soedan"),
    ("ST", "STP", "Sao Tomé en Principe"),
    ("SV", "SLV", "El Salvador"),
    ("SX", "SXM", "Sint Maarten (Nederlands deel)"),
    ("SY", "SYR", "Syrië"),
    ("SZ", "SWZ", "Eswatini"),
    ("TC", "TCA", "Turks- en Caicoseilanden"),
    ("TD", "TCD", "Tsjaad"),
    ("TF", "ATF", "Franse Zuidelijke Gebieden"),
    ("TG", "TGO", "Togo"),
    ("TH", "THA", "Thailand"),
    ("TJ", "TJK", "Tadzjikistan"),
    ("TK", "TKL", "Tokelau"),
    ("TL", "TLS", "Oost-Timor"),
    ("TM", "TKM", "Turkmenistan"),
    ("TN", "TUN", "Tunesië"),
    ("TO", "TON", "Tonga"),
    ("TR", "TUR", "Turkije"),
    ("TT", "TTO", "Trinidad en Tobago"),
    ("TV", "TUV", "Tuvalu"),
    ("TW", "TWN", "Taiwan"),
    ("TZ", "TZA", "Tanzania"),
    ("UA", "UKR", "Oekraïne"),
    ("UG", "UGA", "Oeganda"),
    (
        "UM",
        "UMI",
        "Kleine afgelegen eilanden van de Verenigde Staten",
    ),
    ("US", "USA", "Verenigde Staten"),
    ("UY", "URY", "Uruguay"),
    ("UZ", "UZB", "Oezbekistan"),
    ("VA", "VAT", "Vaticaanstad"),
    ("VC", "VCT", "Saint Vincent en de Grenadines"),
    ("VE", "VEN", "Venezuela"),
    ("VG", "VGB", "Britse Maagdeneilanden"),
    ("VI", "VIR", "Amerikaanse Maagdeneilanden"),
    ("VN", "VNM", "Vietnam"),
    ("VU", "VUT", "Vanuatu"),
    ("WF", "WLF", "Wallis en Futuna"),
    ("WS", "WSM", "Samoa"),
    ("XK", "XKX", "Kosovo"),
    ("YE", "YEM", "Jemen"),
    ("YT", "MYT", "Mayotte"),
    ("ZA", "ZAF", "Zuid-Afrika"),
    ("ZM", "ZMB", "Zambia"),
    ("ZW", "ZWE", "Zimbabwe"),
];

/// The Dutch name of the state with this alpha-2 code (`GB`).
pub fn by_alpha2(code: &str) -> Option<&'static str> {
    STATES
        .binary_search_by(|(a2, _, _)| (*a2).cmp(code))
        .ok()
        .map(|i| STATES[i].2)
}

/// The Dutch name of the state with this alpha-3 code (`UKR`); `None` for
/// the ICAO codes for stateless persons and refugees (`XXA`, `XXB`, …).
pub fn by_alpha3(code: &str) -> Option<&'static str> {
    STATES
        .iter()
        .find(|(_, a3, _)| *a3 == code)
        .map(|(_, _, name)| *name)
}

/// The state's name as it follows "naar" or "in": with `het` or `de` where
/// Dutch puts one (`het Verenigd Koninkrijk`, `de Verenigde Staten`, `de
/// Filipijnen`), bare otherwise (`Oekraïne`).
pub fn with_article(name: &str) -> String {
    let het = name.starts_with("Verenigd Koninkrijk");
    let de = [
        "Verenigde ",
        "Democratische ",
        "Centraal-",
        "Dominicaanse ",
        "Palestijnse ",
        "Kleine ",
        "Britse ",
        "Amerikaanse ",
        "Franse ",
        "Noordelijke ",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || [
            "eilanden",
            "Filipijnen",
            "Maldiven",
            "Seychellen",
            "Comoren",
            "Bahama's",
            "Nederlanden",
        ]
        .iter()
        .any(|s| name.ends_with(s));
    match (het, de) {
        (true, _) => format!("het {name}"),
        (false, true) => format!("de {name}"),
        _ => name.to_owned(),
    }
}

/// Nationality in Dutch as a person's data table writes it: the adjective
/// for the nationalities the team meets most (`Oekraïense`), the state's
/// name for others (`Kazachstan`), and the ICAO codes for stateless persons
/// and refugees in words. `None` for a code that is none of these.
pub fn nationality(alpha3: &str) -> Option<&'static str> {
    let adjective = match alpha3 {
        "UKR" => "Oekraïense",
        "RUS" => "Russische",
        "BLR" => "Belarussische",
        "MDA" => "Moldavische",
        "GEO" => "Georgische",
        "ARM" => "Armeense",
        "AZE" => "Azerbeidzjaanse",
        "KAZ" => "Kazachse",
        "UZB" => "Oezbeekse",
        "TUR" => "Turkse",
        "XXA" => "staatloos",
        "XXB" => "vluchteling in de zin van het Vluchtelingenverdrag",
        "XXC" => "vluchteling (overig)",
        "XXX" => "onbekende nationaliteit",
        other => return by_alpha3(other),
    };
    Some(adjective)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_either_code() {
        assert_eq!(by_alpha2("GB"), Some("Verenigd Koninkrijk"));
        assert_eq!(by_alpha2("MD"), Some("Moldavië"));
        assert_eq!(by_alpha3("UKR"), Some("Oekraïne"));
        assert_eq!(by_alpha3("BLR"), Some("Belarus"));
        assert_eq!(by_alpha3("XXA"), None);
        assert_eq!(by_alpha2("ZZ"), None);
        assert!(
            STATES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for the search"
        );
        assert_eq!(nationality("UKR"), Some("Oekraïense"));
        assert_eq!(nationality("KAZ"), Some("Kazachse"));
        assert_eq!(nationality("CAN"), Some("Canada"));
        assert_eq!(nationality("XXA"), Some("staatloos"));
        assert_eq!(nationality("QQQ"), None);
        assert_eq!(
            with_article("Verenigd Koninkrijk"),
            "het Verenigd Koninkrijk"
        );
        assert_eq!(with_article("Verenigde Staten"), "de Verenigde Staten");
        assert_eq!(with_article("Filipijnen"), "de Filipijnen");
        assert_eq!(with_article("Oekraïne"), "Oekraïne");
        assert_eq!(with_article("Moldavië"), "Moldavië");
    }
}
