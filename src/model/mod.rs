//! The domain vocabulary of the input contract (SPEC §3.2): the seven exports,
//! their enum values and one typed record per row kind.
//!
//! This module owns the words the contract fixes (`light`/`licht`, `granted`,
//! ...), the table of each export's columns (`contract`) and the canonical
//! view of a record as those columns (`records`), and nothing else: parsing
//! cells lives in `ingest`, derived facts in `case`, decisions in `rules`.

pub mod contract;
pub mod countries;
pub mod records;
pub mod verdict;

use chrono::NaiveDate;
use std::fmt;

/// A calendar date; every date in the contract is a day without a time.
pub type Date = NaiveDate;

/// 1-based line of a row in its file (header = line 1); for Parquet the row
/// index + 2 (SPEC §3.1).
pub type Line = u64;

/// A text cell of a typed record (ids, V-numbers, names, municipality).
/// Almost all of them fit in 24 bytes and are then stored inline, so ingest
/// does not call malloc for every field of every row (issue 5: ~4 heap strings
/// per `RtbHolder` made up much of the peak memory at 1M persons). Derefs to
/// `&str`.
pub type Text = compact_str::CompactString;

/// Declares a closed set of contract words: parsing (case-insensitive, with
/// aliases), the canonical spelling, its Dutch word, and the list of accepted
/// words for error messages, all from one declaration.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal $(| $alias:literal)* => $nl:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The accepted words, canonical spelling first per value.
            pub const WORDS: &'static [&'static str] = &[$($word $(, $alias)*),+];

            /// Parses a contract word, case-insensitively; `None` when unknown.
            pub fn parse(s: &str) -> Option<Self> {
                $(
                    if s.eq_ignore_ascii_case($word) $(|| s.eq_ignore_ascii_case($alias))* {
                        return Some(Self::$variant);
                    }
                )+
                None
            }

            /// The canonical (English, lower-case) contract word.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }

            /// The Dutch word for the value, as reports, explanations and
            /// drafts print it (declared here, beside the contract word, so
            /// each value has its Dutch word in one place).
            pub fn nl(self) -> &'static str {
                match self { $(Self::$variant => $nl),+ }
            }
        }

        /// Serialised as the contract word, so views and templates branch on
        /// the same spelling the exports use.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Word for $name {
            fn word(&self) -> &str {
                self.as_str()
            }
        }
    };
}

/// A yes/no fact in Dutch, as every report, workbook and explanation
/// writes it.
pub fn ja_nee(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

/// A value written as one contract word or code (`granted`, `UKR`, `NL`),
/// so outputs can write any of them without knowing which it is.
pub trait Word {
    fn word(&self) -> &str;
}

word_enum!(
    /// `rtb_holders.category`.
    Category {
        Ukrainian = "ukrainian" => "Oekraïner",
        FamilyMember = "family_member" => "gezinslid",
        PermanentResidentUa = "permanent_resident_ua" => "derdelander met permanent verblijfsrecht in Oekraïne",
        TemporaryResidentUa = "temporary_resident_ua" => "derdelander met tijdelijk verblijfsrecht in Oekraïne",
        PreWarResidentNl = "pre_war_resident_nl" => "al vóór 27 november 2021 in Nederland",
        AsylumBefore2022 = "asylum_before_2022" => "asielaanvraag vóór 23 februari 2022",
    }
);

word_enum!(
    /// `rtb_holders.status`.
    HolderStatus {
        Claimed = "claimed" => "aangevraagd",
        Granted = "granted" => "verleend",
        Refused = "refused" => "geweigerd",
        Withdrawn = "withdrawn" => "ingetrokken",
        Ended = "ended" => "beëindigd",
    }
);

word_enum!(
    /// `rtb_holders.status_ground`.
    StatusGround {
        Conditions = "conditions" => "niet voldaan aan de voorwaarden",
        PublicOrder = "public_order" => "openbare orde",
        NationalSecurity = "national_security" => "nationale veiligheid",
        Article1f = "article_1f" => "artikel 1F van het Vluchtelingenverdrag",
        Fraud = "fraud" => "fraude",
        Absence = "absence" => "verblijf buiten Nederland",
        Other = "other" => "overige grond",
    }
);

word_enum!(
    /// `rtb_holders.public_order_indication`; an empty cell means `None`.
    PoIndication {
        None = "none" => "geen",
        PublicOrder = "public_order" => "openbare orde",
        NationalSecurity = "national_security" => "nationale veiligheid",
        Article1f = "article_1f" => "artikel 1F van het Vluchtelingenverdrag",
    }
);

word_enum!(
    /// `rtb_holders.return_obstacle`; an empty cell means `Unknown`.
    ReturnObstacle {
        Yes = "yes" => "ja",
        No = "no" => "nee",
        Unknown = "unknown" => "onbekend",
    }
);

word_enum!(
    /// `entry_bans.severity`: light (art. 66a lid 6 Vw) or heavy (lid 7).
    Severity {
        Light = "light" | "licht" => "licht",
        Heavy = "heavy" | "zwaar" => "zwaar",
    }
);

word_enum!(
    /// `entry_bans.ground`.
    BanGround {
        PublicOrder = "public_order" => "openbare orde",
        NationalSecurity = "national_security" => "nationale veiligheid",
        NoDeparture = "no_departure" => "niet tijdig vertrokken",
        Other = "other" => "overige grond",
    }
);

word_enum!(
    /// `entry_bans.status`.
    BanStatus {
        Active = "active" => "actief",
        TemporarilyLifted = "temporarily_lifted" => "tijdelijk opgeheven",
        Lifted = "lifted" => "opgeheven",
        Expired = "expired" => "verlopen",
    }
);

word_enum!(
    /// `lifted_reason` of entry bans and exclusion orders.
    LiftedReason {
        TemporaryProtection = "temporary_protection" => "tijdelijke bescherming",
        Request = "request" => "op verzoek",
        ExOfficio = "ex_officio" => "ambtshalve",
        Other = "other" => "overige reden",
    }
);

word_enum!(
    /// `exclusion_orders.ground` and `applications.rejection_ground`.
    Ground {
        PublicOrder = "public_order" => "openbare orde",
        NationalSecurity = "national_security" => "nationale veiligheid",
        Other = "other" => "overige grond",
    }
);

word_enum!(
    /// `exclusion_orders.status`.
    OvrStatus {
        Active = "active" => "actief",
        Lifted = "lifted" => "opgeheven",
    }
);

word_enum!(
    /// `return_decisions.status`.
    TkbStatus {
        Active = "active" => "actief",
        Suspended = "suspended" => "opgeschort",
        Withdrawn = "withdrawn" => "ingetrokken",
        Executed = "executed" => "uitgevoerd",
    }
);

word_enum!(
    /// `return_decisions.suspension_reason`.
    SuspensionReason {
        TemporaryProtection = "temporary_protection" => "tijdelijke bescherming",
        Appeal = "appeal" => "rechtsmiddel",
        Other = "other" => "overige reden",
    }
);

word_enum!(
    /// An analyst's verdict on an action (issue 12: the workbook's
    /// *Afhandeling*, a verdicts file's `verdict`). The words are Dutch,
    /// because the analysts type them; spaces are accepted for underscores.
    VerdictKind {
        Handled = "afgehandeld" => "afgehandeld",
        NotApplicable = "niet_van_toepassing" | "niet van toepassing" => "niet van toepassing",
        Postponed = "uitgesteld" => "uitgesteld",
    }
);

word_enum!(
    /// `sis_hits.alert_kind`.
    AlertKind {
        Refusal = "refusal" => "weigering van toegang en verblijf",
        Return = "return" => "terugkeer",
        Other = "other" => "overig",
    }
);

word_enum!(
    /// `sis_hits.location`.
    HitLocation {
        ExternalBorder = "external_border" => "buitengrens",
        Inland = "inland" => "binnenland",
    }
);

word_enum!(
    /// `applications.kind`.
    AppKind {
        Asylum = "asylum" => "asielaanvraag",
        Regular = "regular" => "reguliere aanvraag",
        LiftRequest = "lift_request" => "verzoek om opheffing",
    }
);

word_enum!(
    /// `applications.decision`.
    AppDecision {
        Pending = "pending" => "in behandeling",
        Granted = "granted" => "ingewilligd",
        Rejected = "rejected" => "afgewezen",
        Withdrawn = "withdrawn" => "ingetrokken",
    }
);

word_enum!(
    /// `applications.target_kind`.
    TargetKind {
        EntryBan = "entry_ban" => "inreisverbod",
        ExclusionOrder = "exclusion_order" => "ongewenstverklaring",
    }
);

word_enum!(
    /// `alert_decisions.ground`.
    BtsGround {
        PublicOrder = "public_order" => "openbare orde",
        NationalSecurity = "national_security" => "nationale veiligheid",
    }
);

word_enum!(
    /// `alert_decisions.status`.
    BtsStatus {
        Active = "active" => "actief",
        Withdrawn = "withdrawn" => "ingetrokken",
    }
);

word_enum!(
    /// The ground of a public-order event (SPEC §4): not a column of its own,
    /// but what `status_ground` and `rejection_ground` say when they name
    /// one, so explanations and drafts state the actual ground.
    PoGround {
        PublicOrder = "public_order" => "openbare orde",
        NationalSecurity = "national_security" => "nationale veiligheid",
        Article1f = "article_1f" => "artikel 1F van het Vluchtelingenverdrag",
    }
);

impl StatusGround {
    /// Public order, national security or 1F: the grounds that make an
    /// outcome a public-order event.
    pub fn po_ground(self) -> Option<PoGround> {
        match self {
            StatusGround::PublicOrder => Some(PoGround::PublicOrder),
            StatusGround::NationalSecurity => Some(PoGround::NationalSecurity),
            StatusGround::Article1f => Some(PoGround::Article1f),
            _ => None,
        }
    }
}

impl Ground {
    /// Public order or national security: the grounds the rules single out.
    pub fn is_public_order(self) -> bool {
        self.po_ground().is_some()
    }

    pub fn po_ground(self) -> Option<PoGround> {
        match self {
            Ground::PublicOrder => Some(PoGround::PublicOrder),
            Ground::NationalSecurity => Some(PoGround::NationalSecurity),
            Ground::Other => None,
        }
    }
}

impl BanGround {
    /// Public order or national security (R24, R28).
    pub fn is_public_order(self) -> bool {
        matches!(self, BanGround::PublicOrder | BanGround::NationalSecurity)
    }
}

/// EU member states, alpha-3 (SPEC §4).
pub const EU_ALPHA3: [&str; 27] = [
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
];

/// EU member states, alpha-2 (SPEC §4).
pub const EU_ALPHA2: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// An ISO 3166-1 alpha-2 state code, upper case (`NL`, `PL`, `UA`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State([u8; 2]);

impl State {
    pub const NL: State = State(*b"NL");
    pub const UA: State = State(*b"UA");

    /// Two ASCII letters, any case; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        (b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic))
            .then(|| State([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    pub fn is_eu(&self) -> bool {
        EU_ALPHA2.contains(&self.as_str())
    }

    /// The state's Dutch name (`Verenigd Koninkrijk`), if the code is one.
    pub fn nl(&self) -> Option<&'static str> {
        countries::by_alpha2(self.as_str())
    }
}

/// A three-letter nationality code as in a passport (`UKR`, `XXA`), upper case.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nationality([u8; 3]);

impl Nationality {
    pub const UKR: Nationality = Nationality(*b"UKR");

    /// Three ASCII letters, any case; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic)).then(|| {
            Nationality([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
                b[2].to_ascii_uppercase(),
            ])
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    pub fn is_eu(&self) -> bool {
        EU_ALPHA3.contains(&self.as_str())
    }

    /// The Dutch name of the state of this nationality (`Oekraïne`); `None`
    /// for the ICAO codes of stateless persons and refugees.
    pub fn state_nl(&self) -> Option<&'static str> {
        countries::by_alpha3(self.as_str())
    }
}

macro_rules! code_fmt {
    ($t:ty) => {
        impl Word for $t {
            fn word(&self) -> &str {
                self.as_str()
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
code_fmt!(State);
code_fmt!(Nationality);

/// The identity block (SPEC §3.2): required in `rtb_holders`, optional elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub surname: Option<Text>,
    pub given_names: Option<Text>,
    pub birth_date: Option<Date>,
    pub nationality: Option<Nationality>,
}

/// One row of `rtb_holders`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtbHolder {
    pub line: Line,
    pub v_number: Text,
    pub identity: Identity,
    pub second_nationality: Option<Nationality>,
    pub category: Category,
    pub status: HolderStatus,
    pub status_date: Date,
    pub status_ground: Option<StatusGround>,
    pub public_order_indication: PoIndication,
    pub return_obstacle: ReturnObstacle,
    pub third_country_permit: Option<State>,
    pub municipality: Option<Text>,
}

/// One row of `entry_bans` (IRV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryBan {
    pub line: Line,
    pub ban_id: Text,
    pub v_number: Text,
    pub identity: Identity,
    pub severity: Severity,
    pub decision_date: Date,
    pub in_force_date: Option<Date>,
    pub duration_years: Option<u8>,
    pub ground: BanGround,
    pub is_final: bool,
    pub status: BanStatus,
    pub lifted_reason: Option<LiftedReason>,
    pub lifted_until: Option<Date>,
    pub sis_alert_id: Option<Text>,
}

/// One row of `exclusion_orders` (OVR).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExclusionOrder {
    pub line: Line,
    pub ovr_id: Text,
    pub v_number: Text,
    pub identity: Identity,
    pub decision_date: Date,
    pub ground: Ground,
    pub is_final: bool,
    pub status: OvrStatus,
    pub lifted_reason: Option<LiftedReason>,
    pub sis_alert_id: Option<Text>,
}

/// One row of `return_decisions` (TKB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnDecision {
    pub line: Line,
    pub tkb_id: Text,
    pub v_number: Text,
    pub identity: Identity,
    pub decision_date: Date,
    pub is_final: bool,
    pub status: TkbStatus,
    pub suspension_reason: Option<SuspensionReason>,
    pub suspended_until: Option<Date>,
    pub sis_alert_id: Option<Text>,
}

/// One row of `sis_hits`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SisHit {
    pub line: Line,
    pub hit_id: Text,
    pub v_number: Text,
    pub identity: Identity,
    pub alert_id: Text,
    pub alert_kind: AlertKind,
    pub issuing_state: State,
    pub reporting_state: State,
    pub hit_date: Date,
    pub location: Option<HitLocation>,
    pub admitted: bool,
}

/// The measure a lift request asks to lift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiftTarget {
    pub kind: TargetKind,
    pub id: Text,
}

/// One row of `applications`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub line: Line,
    pub application_id: Text,
    pub v_number: Text,
    pub identity: Identity,
    pub kind: AppKind,
    pub filed_date: Date,
    /// `NL` when the cell is empty.
    pub filed_from: State,
    pub decision: AppDecision,
    pub decision_date: Option<Date>,
    pub rejection_ground: Option<Ground>,
    pub lift_conditions_met: Option<bool>,
    /// Set exactly for `kind = lift_request` (ingestion enforces it).
    pub target: Option<LiftTarget>,
    pub art_6_6_purpose: Option<bool>,
}

/// One row of `alert_decisions` (Bts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertDecision {
    pub line: Line,
    pub bts_id: Text,
    pub v_number: Text,
    pub identity: Identity,
    pub decision_date: Date,
    pub ground: BtsGround,
    pub is_final: bool,
    pub status: BtsStatus,
    pub sis_alert_id: Option<Text>,
}

/// The seven exports, in SPEC order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Export {
    RtbHolders,
    EntryBans,
    ExclusionOrders,
    ReturnDecisions,
    SisHits,
    Applications,
    AlertDecisions,
}

impl Export {
    pub const ALL: [Export; 7] = [
        Export::RtbHolders,
        Export::EntryBans,
        Export::ExclusionOrders,
        Export::ReturnDecisions,
        Export::SisHits,
        Export::Applications,
        Export::AlertDecisions,
    ];

    /// The file stem fixed by the contract (`entry_bans` for `entry_bans.csv`).
    pub fn name(self) -> &'static str {
        match self {
            Export::RtbHolders => "rtb_holders",
            Export::EntryBans => "entry_bans",
            Export::ExclusionOrders => "exclusion_orders",
            Export::ReturnDecisions => "return_decisions",
            Export::SisHits => "sis_hits",
            Export::Applications => "applications",
            Export::AlertDecisions => "alert_decisions",
        }
    }

    /// The export's columns (SPEC §3.2).
    pub fn table(self) -> &'static contract::Table {
        contract::table(self)
    }

    /// The column holding the row's own id (unique within the file); for
    /// `rtb_holders` that is the V-number itself.
    pub fn id_column(self) -> &'static str {
        self.table().id
    }
}

impl fmt::Display for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_case_insensitively_with_dutch_aliases() {
        assert_eq!(Severity::parse("ZWAAR"), Some(Severity::Heavy));
        assert_eq!(Severity::parse("Light"), Some(Severity::Light));
        assert_eq!(Severity::parse("medium"), None);
        assert_eq!(Severity::Heavy.as_str(), "heavy");
        assert_eq!(Severity::WORDS, &["light", "licht", "heavy", "zwaar"]);
    }

    #[test]
    fn codes_normalise_to_upper_case() {
        assert_eq!(State::parse("pl").map(|s| s.to_string()), Some("PL".into()));
        assert!(State::parse("POL").is_none());
        assert!(State::parse("nl").is_some_and(|s| s.is_eu()));
        assert_eq!(Nationality::parse("ukr"), Some(Nationality::UKR));
        assert!(Nationality::parse("POL").is_some_and(|n| n.is_eu()));
        assert!(Nationality::parse("U1R").is_none());
    }

    /// The point of `Text`: the values of a typical row need no heap at all.
    /// 24 bytes hold the longest V-number (12 digits), a double Ukrainian
    /// surname and the longest Dutch municipality names.
    #[test]
    fn typical_text_cells_are_stored_inline() {
        let holder = RtbHolder {
            line: 2,
            v_number: "000123456789".into(),
            identity: Identity {
                surname: Some("Shevchenko-Kovalenko".into()),
                given_names: Some("Oleksandra Volodymyrivna".into()),
                birth_date: NaiveDate::from_ymd_opt(1990, 4, 1),
                nationality: Some(Nationality::UKR),
            },
            second_nationality: None,
            category: Category::Ukrainian,
            status: HolderStatus::Granted,
            status_date: NaiveDate::MIN,
            status_ground: None,
            public_order_indication: PoIndication::None,
            return_obstacle: ReturnObstacle::Unknown,
            third_country_permit: None,
            municipality: Some("Capelle aan den IJssel".into()),
        };
        let cells = [
            Some(&holder.v_number),
            holder.identity.surname.as_ref(),
            holder.identity.given_names.as_ref(),
            holder.municipality.as_ref(),
        ];
        for cell in cells {
            let cell = cell.expect("set above");
            assert!(!cell.is_heap_allocated(), "{cell} is on the heap");
        }
        assert_eq!(
            holder.identity.given_names.as_deref().map(str::len),
            Some(24)
        );
        assert!(Text::from("Oleksandra Volodymyrivna Ivanivna").is_heap_allocated());
    }
}
