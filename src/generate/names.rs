//! Name, nationality and place pools for synthetic persons.
//!
//! Every value here is invented test data: common transliterated Ukrainian
//! surnames and given names, a few names per other nationality, Dutch
//! municipalities. Nothing here draws or decides anything; the archetypes pick
//! from these pools with the generator's seeded random stream.

/// Names for one nationality (three-letter code as in a passport).
pub struct Pool {
    pub nationality: &'static str,
    pub surnames: &'static [&'static str],
    pub female: &'static [&'static str],
    pub male: &'static [&'static str],
}

/// Ukrainians, in the official (2010) Latin transliteration used in passports.
pub const UKRAINIAN: Pool = Pool {
    nationality: "UKR",
    surnames: &[
        "Kovalenko",
        "Shevchenko",
        "Bondarenko",
        "Tkachenko",
        "Kravchenko",
        "Oliinyk",
        "Melnyk",
        "Boiko",
        "Kovalchuk",
        "Koval",
        "Shevchuk",
        "Polishchuk",
        "Lysenko",
        "Marchenko",
        "Rudenko",
        "Savchenko",
        "Petrenko",
        "Moroz",
        "Klymenko",
        "Pavlenko",
        "Levchenko",
        "Kharchenko",
        "Ponomarenko",
        "Tkachuk",
        "Karpenko",
        "Vasylenko",
        "Hrytsenko",
        "Ivanenko",
        "Kozak",
        "Sydorenko",
        "Zinchenko",
        "Kuzmenko",
        "Ostapenko",
        "Hnatiuk",
        "Romanenko",
        "Yaremchuk",
        "Didenko",
        "Zhuk",
        "Humeniuk",
        "Fedorenko",
    ],
    female: &[
        "Olena",
        "Iryna",
        "Nataliia",
        "Tetiana",
        "Oksana",
        "Yuliia",
        "Kateryna",
        "Svitlana",
        "Liudmyla",
        "Olha",
        "Mariia",
        "Anastasiia",
        "Viktoriia",
        "Halyna",
        "Daryna",
        "Sofiia",
        "Anna",
        "Khrystyna",
        "Inna",
        "Larysa",
    ],
    male: &[
        "Oleksandr",
        "Andrii",
        "Dmytro",
        "Serhii",
        "Volodymyr",
        "Mykola",
        "Oleksii",
        "Yurii",
        "Ivan",
        "Vasyl",
        "Mykhailo",
        "Taras",
        "Bohdan",
        "Maksym",
        "Artem",
        "Vitalii",
        "Roman",
        "Ihor",
        "Petro",
        "Yaroslav",
    ],
};

/// The same surname as another system (German, Polish or older Soviet-era
/// transliteration) writes it: the source of identity conflicts between exports.
pub fn other_transliteration(surname: &str) -> Option<&'static str> {
    Some(match surname {
        "Kovalenko" => "Kowalenko",
        "Shevchenko" => "Schewtschenko",
        "Tkachenko" => "Tkatschenko",
        "Kravchenko" => "Krawtschenko",
        "Oliinyk" => "Olijnyk",
        "Melnyk" => "Melnik",
        "Boiko" => "Boyko",
        "Kovalchuk" => "Kowaltschuk",
        "Polishchuk" => "Polischuk",
        "Hrytsenko" => "Gritsenko",
        "Yaremchuk" => "Jaremtschuk",
        "Zhuk" => "Zjoek",
        "Humeniuk" => "Gumenyuk",
        _ => return None,
    })
}

/// Third-country nationals in the RTB population (family members, holders of
/// a permanent or temporary Ukrainian permit), with a weight per nationality.
pub const THIRD_COUNTRY: &[(u32, Pool)] = &[
    (
        20,
        pool(
            "RUS",
            &["Ivanov", "Smirnov", "Petrov", "Sokolov", "Volkov"],
            &["Elena", "Natalia", "Irina"],
            &["Aleksandr", "Sergei", "Dmitrii"],
        ),
    ),
    (
        10,
        pool(
            "BLR",
            &["Lukashevich", "Novik", "Kazlou", "Karpovich"],
            &["Volha", "Hanna", "Alena"],
            &["Siarhei", "Aliaksandr", "Pavel"],
        ),
    ),
    (
        10,
        pool(
            "MDA",
            &["Rusu", "Ciobanu", "Munteanu", "Ceban"],
            &["Ana", "Elena", "Cristina"],
            &["Ion", "Vasile", "Andrei"],
        ),
    ),
    (
        8,
        pool(
            "GEO",
            &["Beridze", "Kapanadze", "Gelashvili", "Maisuradze"],
            &["Nino", "Tamar", "Mariam"],
            &["Giorgi", "Davit", "Levan"],
        ),
    ),
    (
        10,
        pool(
            "AZE",
            &["Mammadov", "Aliyev", "Hasanov", "Huseynov"],
            &["Aynur", "Leyla", "Gunel"],
            &["Elvin", "Rashad", "Orkhan"],
        ),
    ),
    (
        8,
        pool(
            "ARM",
            &["Hovhannisyan", "Grigoryan", "Sargsyan", "Harutyunyan"],
            &["Anahit", "Lilit", "Ani"],
            &["Aram", "Tigran", "Narek"],
        ),
    ),
    (
        5,
        pool(
            "KAZ",
            &["Nurlanov", "Akhmetov", "Seitkali"],
            &["Aigerim", "Dana"],
            &["Nurlan", "Yerlan"],
        ),
    ),
    (
        6,
        pool(
            "UZB",
            &["Karimov", "Yusupov", "Rakhimov"],
            &["Dilnoza", "Madina"],
            &["Bekzod", "Jasur"],
        ),
    ),
    (
        8,
        pool(
            "NGA",
            &["Okafor", "Adeyemi", "Eze", "Balogun"],
            &["Chioma", "Ngozi", "Funmilayo"],
            &["Chinedu", "Emeka", "Tunde"],
        ),
    ),
    (
        8,
        pool(
            "IND",
            &["Sharma", "Patel", "Reddy", "Singh"],
            &["Priya", "Ananya", "Kavya"],
            &["Rahul", "Arjun", "Vikram"],
        ),
    ),
    (
        5,
        pool(
            "MAR",
            &["El Amrani", "Benali", "Ouazzani"],
            &["Fatima", "Salma"],
            &["Youssef", "Mehdi"],
        ),
    ),
    (
        5,
        pool(
            "TUR",
            &["Yilmaz", "Demir", "Kaya", "Celik"],
            &["Elif", "Zeynep"],
            &["Emre", "Burak"],
        ),
    ),
    (
        3,
        pool(
            "XXA",
            &["Osmanov", "Dzhafarov", "Kurbanov"],
            &["Zarina", "Aliya"],
            &["Ruslan", "Timur"],
        ),
    ),
];

/// Students and workers who held a temporary Ukrainian permit.
pub const TEMPORARY_RESIDENTS: &[(u32, Pool)] = &[
    (
        25,
        pool(
            "IND",
            &["Sharma", "Patel", "Reddy", "Singh", "Nair"],
            &["Priya", "Ananya", "Kavya"],
            &["Rahul", "Arjun", "Vikram", "Rohan"],
        ),
    ),
    (
        25,
        pool(
            "NGA",
            &["Okafor", "Adeyemi", "Eze", "Balogun", "Okonkwo"],
            &["Chioma", "Ngozi", "Amaka"],
            &["Chinedu", "Emeka", "Tunde", "Ifeanyi"],
        ),
    ),
    (
        15,
        pool(
            "MAR",
            &["El Amrani", "Benali", "Ouazzani", "Tazi"],
            &["Fatima", "Salma", "Imane"],
            &["Youssef", "Mehdi", "Amine"],
        ),
    ),
    (
        10,
        pool(
            "TUR",
            &["Yilmaz", "Demir", "Kaya"],
            &["Elif", "Zeynep"],
            &["Emre", "Burak", "Mert"],
        ),
    ),
    (
        10,
        pool(
            "AZE",
            &["Mammadov", "Aliyev", "Hasanov"],
            &["Aynur", "Leyla"],
            &["Elvin", "Rashad"],
        ),
    ),
    (
        10,
        pool(
            "UZB",
            &["Karimov", "Yusupov"],
            &["Dilnoza", "Madina"],
            &["Bekzod", "Jasur"],
        ),
    ),
    (
        5,
        pool(
            "GEO",
            &["Beridze", "Kapanadze"],
            &["Nino", "Tamar"],
            &["Giorgi", "Levan"],
        ),
    ),
];

/// Union citizens who nevertheless claimed protection (H02): Transcarpathian
/// Hungarians, Romanians from Bukovina, Poles, Slovaks.
pub const UNION_CITIZENS: &[(u32, Pool)] = &[
    (
        4,
        pool(
            "HUN",
            &["Nagy", "Szabó", "Tóth", "Horváth", "Kovács"],
            &["Erzsébet", "Katalin", "Anikó"],
            &["László", "Zoltán", "István"],
        ),
    ),
    (
        3,
        pool(
            "ROU",
            &["Popescu", "Moldovan", "Ionescu", "Lungu"],
            &["Maria", "Ioana"],
            &["Mihai", "Gheorghe"],
        ),
    ),
    (
        2,
        pool(
            "POL",
            &["Nowak", "Wiśniewska", "Kowalczyk"],
            &["Agnieszka", "Katarzyna"],
            &["Piotr", "Tomasz"],
        ),
    ),
    (
        1,
        pool(
            "SVK",
            &["Horváth", "Kováč", "Baláž"],
            &["Zuzana", "Jana"],
            &["Peter", "Marek"],
        ),
    ),
];

/// Second nationalities of Ukrainians that are of an EU member state (H02).
pub const EU_SECOND_NATIONALITIES: &[&str] = &["HUN", "ROU", "POL", "SVK"];

/// Second nationalities of Ukrainians outside the EU (R33: return unknown).
pub const NON_EU_SECOND_NATIONALITIES: &[&str] = &["RUS", "MDA", "GEO", "ISR"];

/// Safe third countries where a person may hold a residence permit (R32).
pub const SAFE_THIRD_COUNTRIES: &[&str] = &["GB", "NO", "CH", "MD", "CA"];

/// States bordering Ukraine first (most hits), then other Schengen states;
/// with a weight each. All issue SIS alerts that hit in the Netherlands.
pub const FOREIGN_ISSUERS: &[(u32, &str)] = &[
    (30, "PL"),
    (15, "RO"),
    (10, "SK"),
    (12, "HU"),
    (10, "DE"),
    (6, "CZ"),
    (5, "LT"),
    (4, "AT"),
    (4, "IT"),
    (4, "FR"),
];

/// States where a person was checked against an NL alert.
pub const REPORTING_ABROAD: &[&str] = &["DE", "BE", "FR", "PL", "AT", "CZ", "ES"];

/// Dutch municipalities (gemeenten) where protection holders are registered.
pub const MUNICIPALITIES: &[&str] = &[
    "Amsterdam",
    "Rotterdam",
    "'s-Gravenhage",
    "Utrecht",
    "Eindhoven",
    "Groningen",
    "Tilburg",
    "Almere",
    "Breda",
    "Nijmegen",
    "Apeldoorn",
    "Haarlem",
    "Arnhem",
    "Enschede",
    "Amersfoort",
    "Zaanstad",
    "Haarlemmermeer",
    "'s-Hertogenbosch",
    "Zwolle",
    "Zoetermeer",
    "Leiden",
    "Maastricht",
    "Dordrecht",
    "Ede",
    "Alphen aan den Rijn",
    "Westland",
    "Alkmaar",
    "Emmen",
    "Delft",
    "Venlo",
    "Deventer",
    "Súdwest-Fryslân",
    "Leeuwarden",
    "Sittard-Geleen",
    "Heerlen",
    "Helmond",
    "Oss",
    "Hilversum",
    "Amstelveen",
    "Hoorn",
    "Den Helder",
    "Assen",
    "Lelystad",
    "Purmerend",
    "Roosendaal",
    "Bergen op Zoom",
    "Middelburg",
    "Vlissingen",
    "Terneuzen",
    "Goes",
];

const fn pool(
    nationality: &'static str,
    surnames: &'static [&'static str],
    female: &'static [&'static str],
    male: &'static [&'static str],
) -> Pool {
    Pool {
        nationality,
        surnames,
        female,
        male,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Nationality, State};

    #[test]
    fn pools_hold_valid_codes_and_only_the_union_pool_is_eu() {
        for (_, p) in THIRD_COUNTRY.iter().chain(TEMPORARY_RESIDENTS) {
            let n = Nationality::parse(p.nationality);
            assert!(
                n.is_some_and(|n| !n.is_eu() && n != Nationality::UKR),
                "{}",
                p.nationality
            );
            assert!(!p.surnames.is_empty() && !p.female.is_empty() && !p.male.is_empty());
        }
        for (_, p) in UNION_CITIZENS {
            assert!(Nationality::parse(p.nationality).is_some_and(|n| n.is_eu()));
        }
        assert!(
            EU_SECOND_NATIONALITIES
                .iter()
                .all(|c| Nationality::parse(c).is_some_and(|n| n.is_eu()))
        );
        assert!(
            NON_EU_SECOND_NATIONALITIES
                .iter()
                .all(|c| Nationality::parse(c).is_some_and(|n| !n.is_eu()))
        );
        assert!(
            SAFE_THIRD_COUNTRIES
                .iter()
                .all(|c| State::parse(c).is_some_and(|s| !s.is_eu()))
        );
        assert!(
            FOREIGN_ISSUERS
                .iter()
                .all(|(_, c)| State::parse(c).is_some_and(|s| s.is_eu() && s != State::NL))
        );
        assert_eq!(other_transliteration("Shevchenko"), Some("Schewtschenko"));
        assert_eq!(other_transliteration("Nagy"), None);
    }
}
