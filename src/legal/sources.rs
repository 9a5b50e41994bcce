//! The legal sources the decision drafts cite, each with how far it was
//! checked. The drafts' templates write these citations; this table is what
//! the handler's checklist (`….controle.txt`) reports on, and what the tests
//! hold the letters to: a source whose text nobody could check is never cited
//! in a letter, only listed on the checklist.
//!
//! Checked on 2026-12-03 against harvested copies of wetten.overheid.nl
//! (Vw BWBR0011823 versions 2025-07-09 and 2026-09-01; Vb BWBR0011825
//! 2025-07-01 and 2026-06-12; Awb BWBR0005537 2026-01-01; Atw BWBR0002448
//! 2010-10-10; Sr BWBR0001854 2022-07-01), EUR-Lex and the work instruction
//! in `shared/policy/`.

/// How far a source was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Its text was read; the draft may paraphrase it.
    Text,
    /// Its existence and subject are confirmed (the work instruction names
    /// it for this purpose, or the act's table of contents does), its
    /// current text was not read: cited as the work instruction cites it,
    /// and on the checklist for the handler to read.
    Named,
    /// Not confirmed: never in a letter, only on the checklist.
    Unverified,
}

impl Status {
    pub fn nl(self) -> &'static str {
        match self {
            Status::Text => "tekst gecontroleerd",
            Status::Named => {
                "genoemd in de werkinstructie of inhoudsopgave; actuele tekst niet ingezien"
            }
            Status::Unverified => "niet geverifieerd",
        }
    }
}

/// One citable source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// Short form, as the checklist lists it (`art. 66b lid 1 Vw`).
    pub short: &'static str,
    /// What it provides, in Dutch, for the checklist.
    pub about: &'static str,
    pub status: Status,
    /// Where and in which version it was checked.
    pub checked: &'static str,
}

const VW: &str = "wetten.overheid.nl BWBR0011823, versies 2025-07-09 en 2026-09-01";
const VB: &str = "wetten.overheid.nl BWBR0011825, versies 2025-07-01 en 2026-06-12";
const AWB: &str = "wetten.overheid.nl BWBR0005537, versie 2026-01-01";
const WI: &str = "Werkinstructie RTB, hoofdstuk 3";

macro_rules! sources {
    ($($name:ident = $short:literal, $about:literal, $status:ident, $checked:expr;)+) => {
        $(pub const $name: Source = Source {
            short: $short,
            about: $about,
            status: Status::$status,
            checked: $checked,
        };)+

        /// Every source, in the order above (for tests and documentation).
        pub const ALL: &[Source] = &[$($name),+];
    };
}

sources! {
    VW_62_1 = "art. 62 lid 1 Vw", "vertrektermijn van vier weken na een terugkeerbesluit", Text, VW;
    VW_62_2C = "art. 62 lid 2 onder c Vw", "geen of verkorte vertrektermijn bij gevaar voor de openbare orde of nationale veiligheid", Text, VW;
    VW_62A = "art. 62a lid 1 en 2 Vw", "schriftelijke kennisgeving van de vertrekplicht, geldt als terugkeerbesluit en kan een inreisverbod inhouden", Text, VW;
    VW_66A_1A = "art. 66a lid 1 onder a Vw", "inreisverbod verplicht als de vreemdeling Nederland onmiddellijk moet verlaten (art. 62 lid 2)", Text, VW;
    VW_66A_3 = "art. 66a lid 3 Vw", "signalering ter weigering van toegang en verblijf na een inreisverbod", Text, VW;
    VW_66A_4 = "art. 66a lid 4 Vw", "duur van het inreisverbod: ten hoogste vijf jaar, tenzij ernstige bedreiging; gerekend vanaf vertrek", Text, VW;
    VW_66A_6 = "art. 66a lid 6 Vw", "rechtsgevolg van een inreisverbod: geen rechtmatig verblijf (licht inreisverbod)", Text, VW;
    VW_66A_7B = "art. 66a lid 7 onder b Vw", "geen rechtmatig verblijf, ook niet in de uitzonderingen van lid 6, bij gevaar voor de openbare orde of nationale veiligheid (zwaar inreisverbod)", Text, VW;
    VW_66B_1 = "art. 66b lid 1 Vw", "opheffing of tijdelijke opheffing van het inreisverbod, ambtshalve wegens gewijzigde omstandigheden of op aanvraag", Text, VW;
    VW_67_3 = "art. 67 lid 3 Vw", "een ongewenst verklaarde vreemdeling kan geen rechtmatig verblijf hebben", Text, VW;
    VW_67A = "art. 67a Vw", "bevoegdheid tot een besluit als bedoeld in art. 24 lid 1 onder a SIS-verordening grenscontroles (besluit tot signalering)", Text, VW;
    VW_68_1 = "art. 68 lid 1 Vw", "opheffing van de ongewenstverklaring op aanvraag (geen ambtshalve bevoegdheid)", Text, VW;
    VW_69_1 = "art. 69 lid 1 Vw", "termijn voor bezwaar en beroep: vier weken", Text, VW;
    VW_70_1 = "art. 70 lid 1 Vw", "wie bezwaar kan maken: de vreemdeling in persoon, wettelijk vertegenwoordiger, bijzondere gemachtigde, referent of advocaat", Text, VW;
    VB_3_1A_2 = "art. 3.1a lid 2 Vb", "uitzondering op tijdelijke bescherming bij 1F, bijzonder ernstig misdrijf of gevaar voor de nationale veiligheid", Text, VB;
    VB_6_5A = "art. 6.5a lid 5 en 6 Vb", "duur inreisverbod: ten hoogste tien jaar (ernstige bedreiging openbare orde) of twintig jaar (nationale veiligheid)", Text, VB;
    VB_6_5B_2 = "art. 6.5b lid 2 Vb", "opheffing op aanvraag na de helft van de duur ononderbroken buiten Nederland, zonder misdrijven", Text, VB;
    VB_6_6 = "art. 6.6 Vb", "opheffing ongewenstverklaring op aanvraag na tien, vijf of één jaar buiten Nederland", Text, VB;
    VV_6_6_1 = "art. 6.6 lid 1 VV", "ambtshalve opheffing van een licht inreisverbod bij verlening van een verblijfsvergunning regulier voor bepaalde verblijfsdoelen", Named, WI;
    VC_A4_2_5 = "paragraaf A4/2.5 Vc", "voorwaarden voor opheffing van een inreisverbod", Named, WI;
    VC_A4_3_5 = "paragraaf A4/3.5 Vc", "voorwaarden voor opheffing van een ongewenstverklaring", Named, WI;
    VC_A4_4 = "paragraaf A4/4 Vc", "voorwaarden voor een besluit tot signalering wegens openbare orde of nationale veiligheid, en de duur ervan", Named, WI;
    AWB_2_1_2 = "art. 2:1 lid 2 Awb", "bijstand of vertegenwoordiging door een gemachtigde", Text, AWB;
    AWB_3_45 = "art. 3:45 Awb", "vermelding van bezwaar of beroep bij de bekendmaking", Text, AWB;
    AWB_4_8 = "art. 4:8 Awb", "zienswijze vóór een belastende beschikking die de belanghebbende niet heeft aangevraagd", Text, AWB;
    AWB_4_9 = "art. 4:9 Awb", "zienswijze naar keuze schriftelijk of mondeling", Text, AWB;
    AWB_4_15_1 = "art. 4:15 lid 1 Awb", "opschorting van de beslistermijn na een uitnodiging de aanvraag aan te vullen", Text, AWB;
    AWB_6_5 = "art. 6:5 Awb", "inhoud van het bezwaarschrift", Text, AWB;
    AWB_6_7 = "art. 6:7 Awb", "bezwaartermijn (in vreemdelingenzaken vier weken, art. 69 lid 1 Vw)", Text, AWB;
    AWB_6_8 = "art. 6:8 Awb", "aanvang van de bezwaartermijn: de dag na bekendmaking", Text, AWB;
    AWB_6_16 = "art. 6:16 Awb", "bezwaar schort de werking van het besluit niet op", Text, AWB;
    AWB_8_81 = "art. 8:81 Awb", "voorlopige voorziening bij de voorzieningenrechter", Text, AWB;
    ATW_1_3 = "art. 1 en 3 Algemene termijnenwet", "termijn die op een zaterdag, zondag of feestdag eindigt, loopt door tot de eerstvolgende werkdag", Text, "wetten.overheid.nl BWBR0002448, versie 2010-10-10";
    SR_197 = "art. 197 Sr", "strafbaarheid van verblijf met een inreisverbod met toepassing van art. 66a lid 7 Vw", Text, "wetten.overheid.nl BWBR0001854, versie 2022-07-01";
    RL_2001_55 = "Richtlijn 2001/55/EG", "richtlijn tijdelijke bescherming", Text, "EUR-Lex (titel in Uitvoeringsbesluit 2022/382); art. 4 via inview.nl";
    UB_2022_382 = "Uitvoeringsbesluit (EU) 2022/382", "invoering van tijdelijke bescherming voor ontheemden uit Oekraïne", Text, "EUR-Lex CELEX 32022D0382";
    UB_2023_2409 = "Uitvoeringsbesluit (EU) 2023/2409", "verlenging tot en met 4 maart 2025", Text, "EUR-Lex relatietabel bij 32022D0382; COM(2025) 651";
    UB_2024_1836 = "Uitvoeringsbesluit (EU) 2024/1836", "verlenging tot en met 4 maart 2026", Text, "EUR-Lex relatietabel bij 32022D0382; COM(2025) 651";
    UB_2025_1460 = "Uitvoeringsbesluit (EU) 2025/1460", "verlenging tot en met 4 maart 2027 (nummer en einddatum bevestigd in Aanbeveling C/2025/5129; datum en titel niet ingezien, daarom niet vermeld)", Text, "EUR-Lex OJ C/2025/5129";
    VO_1861_24_1A = "art. 24 lid 1 onder a Vo (EU) 2018/1861", "signalering ter weigering van toegang en verblijf bij een bedreiging voor de openbare orde of veiligheid", Text, "EUR-Lex (Duitse en Roemeense tekst); Nederlandse tekst niet ingezien";
    VO_1861_24_1B = "art. 24 lid 1 onder b Vo (EU) 2018/1861", "signalering ter weigering van toegang en verblijf na een inreisverbod (Richtlijn 2008/115/EG)", Text, "EUR-Lex (Duitse en Roemeense tekst); Nederlandse tekst niet ingezien";
    VO_1861_39 = "art. 39 lid 2 Vo (EU) 2018/1861", "beoordeling binnen drie jaar na opname in het SIS, binnen vijf jaar als het besluit langer dan drie jaar geldt", Text, "legislation.gov.uk (EU-tekst per 31-12-2020, Engels)";
    VO_1860_3 = "art. 3 Vo (EU) 2018/1860", "signalering van een terugkeerbesluit in het SIS", Text, "gesetze.legal (Duitse tekst)";
    HVJ_C_663_21 = "HvJ EU 6 juli 2023, C-663/21", "geen terugkeerbesluit als verwijdering naar het land van bestemming voor onbepaalde tijd is uitgesloten (non-refoulement)", Text, "EUR-Lex CELEX 62021CJ0663; VwGH 2024/21/0076";
    IND_POSTADRES = "postadres IND voor bezwaar, zienswijze en stukken", "het adres waar betrokkene post naartoe stuurt", Unverified, "alleen postbussen uit 2017 gevonden (ind.nl); niet in de brief ingevuld";
    BTS_DUUR = "duur van een besluit tot signalering", "de termijn waarvoor de Bts geldt", Unverified, "A4/4 Vc niet ingezien; A2/12.2 Vc (WBV 2021/4) noemde 2 jaar (openbare orde) en 10 jaar (nationale veiligheid)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_says_where_it_was_checked() {
        for s in ALL {
            assert!(!s.short.is_empty() && !s.about.is_empty(), "{s:?}");
            assert!(!s.checked.is_empty(), "{}", s.short);
        }
        let unverified: Vec<&str> = ALL
            .iter()
            .filter(|s| s.status == Status::Unverified)
            .map(|s| s.short)
            .collect();
        assert_eq!(
            unverified,
            [
                "postadres IND voor bezwaar, zienswijze en stukken",
                "duur van een besluit tot signalering"
            ]
        );
    }
}
