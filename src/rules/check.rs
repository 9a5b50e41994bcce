//! Conditions with their Dutch wording. A rule's predicate is a chain of
//! `req(condition, wording)`; the same chain decides whether the rule fires,
//! writes the explanation column, and tells `explain` which condition failed.
//!
//! The wording is only formatted when it is needed: the engine first runs a
//! predicate in `Mode::Test` (no text, no allocation), and only for a rule
//! that fires runs it again to collect the facts.

/// What a predicate run should produce besides the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The verdict only.
    Test,
    /// The verdict and the wording of every condition that held.
    Explain,
    /// As `Explain`, plus the wording of the condition that failed.
    Trace,
}

/// The state of one predicate run.
#[derive(Debug)]
pub struct Check {
    mode: Mode,
    failed: bool,
    facts: Vec<String>,
    failure: Option<String>,
}

impl Check {
    pub fn new(mode: Mode) -> Self {
        Check {
            mode,
            failed: false,
            facts: Vec::new(),
            failure: None,
        }
    }

    /// Requires `ok`; `wording` names the fact (with its values) in Dutch.
    /// After the first failed condition the rest are not looked at.
    pub fn req(&mut self, ok: bool, wording: impl FnOnce() -> String) -> &mut Self {
        if self.failed {
            return self;
        }
        if ok {
            if self.mode != Mode::Test {
                self.facts.push(wording());
            }
        } else {
            self.failed = true;
            if self.mode == Mode::Trace {
                self.failure = Some(wording());
            }
        }
        self
    }

    pub fn holds(&self) -> bool {
        !self.failed
    }

    /// The explanation column: the facts that made the rule fire.
    pub fn explanation(&self) -> String {
        self.facts.join("; ")
    }

    pub fn facts(&self) -> &[String] {
        &self.facts
    }

    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_first_failure_and_formats_lazily() {
        let mut c = Check::new(Mode::Test);
        c.req(true, || unreachable!("test mode formats nothing"));
        assert!(c.holds());

        let mut c = Check::new(Mode::Trace);
        c.req(true, || "a".into())
            .req(false, || "b".into())
            .req(true, || {
                unreachable!("after a failure nothing is formatted")
            });
        assert!(!c.holds());
        assert_eq!(c.facts(), ["a"]);
        assert_eq!(c.failure(), Some("b"));
    }
}
