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
    /// The verdict and the wording of every condition that held, joined
    /// as the explanation column (one string per action, built as it goes).
    Explain,
    /// Each condition that held worded on its own, plus the wording of the
    /// condition that failed (`explain`).
    Trace,
}

/// The state of one predicate run.
#[derive(Debug)]
pub struct Check {
    mode: Mode,
    failed: bool,
    /// `Trace`: the facts one by one.
    facts: Vec<String>,
    /// `Explain`: the facts joined by "; ".
    joined: String,
    failure: Option<String>,
}

impl Check {
    pub fn new(mode: Mode) -> Self {
        Check {
            mode,
            failed: false,
            facts: Vec::new(),
            joined: String::new(),
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
            match self.mode {
                Mode::Test => {}
                Mode::Explain => {
                    if !self.joined.is_empty() {
                        self.joined.push_str("; ");
                    }
                    self.joined.push_str(&wording());
                }
                Mode::Trace => self.facts.push(wording()),
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
    pub fn into_explanation(self) -> String {
        match self.mode {
            Mode::Trace => self.facts.join("; "),
            Mode::Test | Mode::Explain => {
                // Grown by appending, it may hold up to twice its length;
                // a run keeps a million of these until the outputs are
                // written.
                let mut joined = self.joined;
                joined.shrink_to_fit();
                joined
            }
        }
    }

    /// The facts one by one (`Trace` mode).
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

    #[test]
    fn the_explanation_is_the_same_in_both_wording_modes() {
        let run = |mode| {
            let mut c = Check::new(mode);
            c.req(true, || "a".into())
                .req(true, || "b".into())
                .req(true, || "c".into());
            c.into_explanation()
        };
        assert_eq!(run(Mode::Explain), "a; b; c");
        assert_eq!(run(Mode::Trace), "a; b; c");
    }
}
