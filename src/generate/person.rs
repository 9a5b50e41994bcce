//! One synthetic person and the records the exports hold about them, and how
//! those records become rows.
//!
//! The records use the contract's own words (`crate::model` enums) so a row
//! can only say what the contract allows; bad rows are made later, from the
//! rendered cells (`bad`). This module draws nothing except whether a row
//! outside `rtb_holders` repeats the identity block, and knows no rules.

use super::sink::Cell;
use crate::model::{
    AlertKind, AppDecision, AppKind, BanGround, BanStatus, BtsGround, BtsStatus, Category, Date,
    Export, Ground, HitLocation, HolderStatus, LiftedReason, OvrStatus, PoIndication,
    ReturnObstacle, Severity, StatusGround, SuspensionReason, TargetKind, TkbStatus,
};
use fastrand::Rng;

/// Width of the number in a record id (`B0000123`).
pub const ID_WIDTH: usize = 7;
/// Digits of a V-number.
pub const V_NUMBER_WIDTH: usize = 10;
/// Digits after the state prefix of an SIS alert id (`NL0000004711`).
const ALERT_WIDTH: usize = 10;

/// The prefix of the record ids of an export.
pub fn id_prefix(export: Export) -> &'static str {
    match export {
        Export::RtbHolders => "",
        Export::EntryBans => "B",
        Export::ExclusionOrders => "O",
        Export::ReturnDecisions => "T",
        Export::SisHits => "H",
        Export::Applications => "A",
        Export::AlertDecisions => "S",
    }
}

/// The id cell of record `number` of `export`.
pub fn id_cell(export: Export, number: u64) -> Cell {
    Cell::Code {
        prefix: id_prefix(export),
        number,
        width: ID_WIDTH,
    }
}

/// The cell of a V-number (leading zeros kept).
pub fn v_number_cell(v_number: u64) -> Cell {
    Cell::Code {
        prefix: "",
        number: v_number,
        width: V_NUMBER_WIDTH,
    }
}

/// Per-export record counters and the SIS alert counter: ids are unique per
/// file and deterministic.
#[derive(Debug, Default)]
pub struct Ids {
    next: [u64; 7],
    alert: u64,
}

impl Ids {
    pub fn next(&mut self, export: Export) -> u64 {
        let n = &mut self.next[export as usize];
        *n += 1;
        *n
    }

    pub fn alert(&mut self, state: &'static str) -> AlertId {
        self.alert += 1;
        AlertId {
            state,
            number: self.alert,
        }
    }
}

/// An SIS alert id: issuing state and a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertId {
    pub state: &'static str,
    pub number: u64,
}

impl AlertId {
    fn cell(self) -> Cell {
        Cell::Code {
            prefix: self.state,
            number: self.number,
            width: ALERT_WIDTH,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub surname: &'static str,
    pub given_names: &'static str,
    /// A second given name, written after the first.
    pub second_given_name: Option<&'static str>,
    pub birth_date: Date,
    pub nationality: &'static str,
}

#[derive(Debug, Clone)]
pub struct Holder {
    pub second_nationality: Option<&'static str>,
    pub category: Category,
    pub status: HolderStatus,
    pub status_date: Date,
    pub status_ground: Option<StatusGround>,
    /// `None` = empty cell; `Some(PoIndication::None)` writes `none`.
    pub po: Option<PoIndication>,
    /// `None` = empty cell (the contract reads it as unknown).
    pub return_obstacle: Option<ReturnObstacle>,
    pub third_country_permit: Option<&'static str>,
    pub municipality: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Ban {
    pub id: u64,
    pub severity: Severity,
    pub decision_date: Date,
    pub in_force_date: Option<Date>,
    pub duration_years: Option<u8>,
    pub ground: BanGround,
    pub is_final: bool,
    pub status: BanStatus,
    pub lifted_reason: Option<LiftedReason>,
    pub lifted_until: Option<Date>,
    pub alert: Option<AlertId>,
}

#[derive(Debug, Clone)]
pub struct Ovr {
    pub id: u64,
    pub decision_date: Date,
    pub ground: Ground,
    pub is_final: bool,
    pub status: OvrStatus,
    pub lifted_reason: Option<LiftedReason>,
    pub alert: Option<AlertId>,
}

#[derive(Debug, Clone)]
pub struct Tkb {
    pub id: u64,
    pub decision_date: Date,
    pub is_final: bool,
    pub status: TkbStatus,
    pub suspension_reason: Option<SuspensionReason>,
    pub suspended_until: Option<Date>,
    pub alert: Option<AlertId>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub id: u64,
    pub alert: AlertId,
    pub kind: AlertKind,
    pub issuing_state: &'static str,
    pub reporting_state: &'static str,
    pub date: Date,
    pub location: Option<HitLocation>,
    pub admitted: bool,
}

#[derive(Debug, Clone)]
pub struct App {
    pub id: u64,
    pub kind: AppKind,
    pub filed_date: Date,
    /// `None` = empty cell, which the contract reads as `NL`.
    pub filed_from: Option<&'static str>,
    pub decision: AppDecision,
    pub decision_date: Option<Date>,
    pub rejection_ground: Option<Ground>,
    pub lift_conditions_met: Option<bool>,
    pub target: Option<(TargetKind, u64)>,
    pub art_6_6_purpose: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Bts {
    pub id: u64,
    pub decision_date: Date,
    pub ground: BtsGround,
    pub is_final: bool,
    pub status: BtsStatus,
    pub alert: Option<AlertId>,
}

/// Everything the exports say about one V-number.
#[derive(Debug, Clone)]
pub struct Person {
    pub v_number: u64,
    pub identity: Identity,
    pub holder: Option<Holder>,
    pub bans: Vec<Ban>,
    pub ovrs: Vec<Ovr>,
    pub tkbs: Vec<Tkb>,
    pub hits: Vec<Hit>,
    pub apps: Vec<App>,
    pub bts: Vec<Bts>,
}

/// Share (percent) of rows outside `rtb_holders` that repeat the identity
/// block for a person who is in `rtb_holders`; the others leave it empty.
const IDENTITY_REPEATED_PCT: u32 = 75;

fn opt<T>(value: Option<T>, cell: impl FnOnce(T) -> Cell) -> Cell {
    value.map_or(Cell::Empty, cell)
}

fn word<T: Copy>(value: Option<T>, as_str: fn(T) -> &'static str) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Word(as_str(v)))
}

impl Person {
    /// A person with only a V-number; the archetype fills in the rest.
    pub fn new(v_number: u64, as_of: Date) -> Self {
        Person {
            v_number,
            identity: Identity {
                surname: "",
                given_names: "",
                second_given_name: None,
                birth_date: as_of,
                nationality: "",
            },
            holder: None,
            bans: Vec::new(),
            ovrs: Vec::new(),
            tkbs: Vec::new(),
            hits: Vec::new(),
            apps: Vec::new(),
            bts: Vec::new(),
        }
    }

    /// Every row of the person, per export, in `Export::ALL` order. `rng`
    /// decides only whether a row outside `rtb_holders` carries the identity.
    pub fn rows(&self, rng: &mut Rng) -> Vec<(Export, Vec<Cell>)> {
        let mut rows = Vec::with_capacity(
            1 + self.bans.len()
                + self.ovrs.len()
                + self.tkbs.len()
                + self.hits.len()
                + self.apps.len()
                + self.bts.len(),
        );
        if let Some(h) = &self.holder {
            rows.push((Export::RtbHolders, self.holder_row(h)));
        }
        let in_rtb = self.holder.is_some();
        let identity = |rng: &mut Rng| !in_rtb || rng.u32(0..100) < IDENTITY_REPEATED_PCT;
        for b in &self.bans {
            let mut row = self.head(Export::EntryBans, b.id, identity(rng));
            row.extend([
                Cell::Word(b.severity.as_str()),
                Cell::Date(b.decision_date),
                opt(b.in_force_date, Cell::Date),
                opt(b.duration_years, |y| Cell::Int(u32::from(y))),
                Cell::Word(b.ground.as_str()),
                Cell::Bool(b.is_final),
                Cell::Word(b.status.as_str()),
                word(b.lifted_reason, LiftedReason::as_str),
                opt(b.lifted_until, Cell::Date),
                opt(b.alert, AlertId::cell),
            ]);
            rows.push((Export::EntryBans, row));
        }
        for o in &self.ovrs {
            let mut row = self.head(Export::ExclusionOrders, o.id, identity(rng));
            row.extend([
                Cell::Date(o.decision_date),
                Cell::Word(o.ground.as_str()),
                Cell::Bool(o.is_final),
                Cell::Word(o.status.as_str()),
                word(o.lifted_reason, LiftedReason::as_str),
                opt(o.alert, AlertId::cell),
            ]);
            rows.push((Export::ExclusionOrders, row));
        }
        for t in &self.tkbs {
            let mut row = self.head(Export::ReturnDecisions, t.id, identity(rng));
            row.extend([
                Cell::Date(t.decision_date),
                Cell::Bool(t.is_final),
                Cell::Word(t.status.as_str()),
                word(t.suspension_reason, SuspensionReason::as_str),
                opt(t.suspended_until, Cell::Date),
                opt(t.alert, AlertId::cell),
            ]);
            rows.push((Export::ReturnDecisions, row));
        }
        for h in &self.hits {
            let mut row = self.head(Export::SisHits, h.id, identity(rng));
            row.extend([
                h.alert.cell(),
                Cell::Word(h.kind.as_str()),
                Cell::Word(h.issuing_state),
                Cell::Word(h.reporting_state),
                Cell::Date(h.date),
                word(h.location, HitLocation::as_str),
                Cell::Bool(h.admitted),
            ]);
            rows.push((Export::SisHits, row));
        }
        for a in &self.apps {
            let mut row = self.head(Export::Applications, a.id, identity(rng));
            let (target_kind, target_id) = match a.target {
                Some((kind, id)) => {
                    let export = match kind {
                        TargetKind::EntryBan => Export::EntryBans,
                        TargetKind::ExclusionOrder => Export::ExclusionOrders,
                    };
                    (Cell::Word(kind.as_str()), id_cell(export, id))
                }
                None => (Cell::Empty, Cell::Empty),
            };
            row.extend([
                Cell::Word(a.kind.as_str()),
                Cell::Date(a.filed_date),
                opt(a.filed_from, Cell::Word),
                Cell::Word(a.decision.as_str()),
                opt(a.decision_date, Cell::Date),
                word(a.rejection_ground, Ground::as_str),
                opt(a.lift_conditions_met, Cell::Bool),
                target_kind,
                target_id,
                opt(a.art_6_6_purpose, Cell::Bool),
            ]);
            rows.push((Export::Applications, row));
        }
        for s in &self.bts {
            let mut row = self.head(Export::AlertDecisions, s.id, identity(rng));
            row.extend([
                Cell::Date(s.decision_date),
                Cell::Word(s.ground.as_str()),
                Cell::Bool(s.is_final),
                Cell::Word(s.status.as_str()),
                opt(s.alert, AlertId::cell),
            ]);
            rows.push((Export::AlertDecisions, row));
        }
        rows
    }

    fn identity_cells(&self) -> [Cell; 4] {
        let id = &self.identity;
        let given = match id.second_given_name {
            Some(second) => Cell::Text(format!("{} {second}", id.given_names)),
            None => Cell::Word(id.given_names),
        };
        [
            Cell::Word(id.surname),
            given,
            Cell::Date(id.birth_date),
            Cell::Word(id.nationality),
        ]
    }

    /// Record id, V-number and (or an empty) identity block.
    fn head(&self, export: Export, id: u64, with_identity: bool) -> Vec<Cell> {
        let mut row = Vec::with_capacity(super::schema::columns(export).len());
        row.push(id_cell(export, id));
        row.push(v_number_cell(self.v_number));
        if with_identity {
            row.extend(self.identity_cells());
        } else {
            row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
        }
        row
    }

    fn holder_row(&self, h: &Holder) -> Vec<Cell> {
        let mut row = Vec::with_capacity(14);
        row.push(v_number_cell(self.v_number));
        row.extend(self.identity_cells());
        row.extend([
            opt(h.second_nationality, Cell::Word),
            Cell::Word(h.category.as_str()),
            Cell::Word(h.status.as_str()),
            Cell::Date(h.status_date),
            word(h.status_ground, StatusGround::as_str),
            word(h.po, PoIndication::as_str),
            word(h.return_obstacle, ReturnObstacle::as_str),
            opt(h.third_country_permit, Cell::Word),
            opt(h.municipality, Cell::Word),
        ]);
        row
    }
}
