//! The maturity model idgauge measures (`user-provisioning-maturity`: five levels of cloud user
//! provisioning and human authentication), as data: each level's name, and the named steps of its
//! "how to determine if this is good enough" and "how to do better" sections. Rules cite these as
//! their anchor, and this module owns the placement rule that turns an anchor into what a rule
//! may gate:
//!
//! - a rule gates level L when it tests what the model says of level L itself (its definition or
//!   a "good enough" criterion of L), or a step the model lists under level L−1's "how to do
//!   better" — the path to L;
//! - a step listed only under level 5's "how to do better" is a **refinement beyond level 5**:
//!   reported with evidence, never gating;
//! - a check the model does not speak of (workload credential hygiene, CIS log integrity) is
//!   **advisory**: reported, never gating.
//!
//! The model's text is not copied here; only the names of its parts, so that a rule's anchor can be
//! checked and the generated docs/maturity-model.md can say which rules gate which level and why.

use serde::{Deserialize, Serialize};

pub const MAX_LEVEL: u8 = 5;

/// The model's name for each level.
pub fn level_name(level: u8) -> &'static str {
    match level {
        1 => "Shared accounts and manual account management",
        2 => "Identity repository with manual processes",
        3 => "Common standards (SAML / OIDC / SCIM)",
        4 => "Automated federated identity management",
        _ => "Unified cloud-based identity provider",
    }
}

/// A part of a level's text in the model.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The level's own statement (its heading).
    Definition,
    /// "How to determine if this is good enough".
    GoodEnough,
    /// "How to do better": the steps towards the next level.
    HowToDoBetter,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Definition => "definition",
            Section::GoodEnough => "good enough",
            Section::HowToDoBetter => "how to do better",
        }
    }
}

/// The named steps of each level's sections, as the model titles them.
const STEPS: &[(u8, Section, &[&str])] = &[
    (
        1,
        Section::HowToDoBetter,
        &[
            "Eliminate Shared Accounts",
            "Set Up Basic IAM",
            "Document a Minimal Process",
            "Enable Basic Audit Logging",
            "Move to a Single Sign-On Approach",
        ],
    ),
    (
        2,
        Section::GoodEnough,
        &[
            "Consistent On-Prem Directory",
            "Limited Cloud Footprint",
            "Medium Risk Tolerance",
        ],
    ),
    (
        2,
        Section::HowToDoBetter,
        &[
            "Enable Federation or SSO",
            "Deploy Basic Automation Scripts",
            "Standardise User Roles",
            "Implement a Scheduled Sync",
            "Transition to Identity Provider Integration",
        ],
    ),
    (
        3,
        Section::GoodEnough,
        &[
            "Consistent Approach",
            "Moderate Automation",
            "Reduced Shadow IT",
        ],
    ),
    (
        3,
        Section::HowToDoBetter,
        &[
            "Require SSO or Federation for All Services",
            "Implement Access Workflows",
            "Continuously Evaluate Cloud Services",
            "Include Role Mapping in a Central Catalog",
            "Expand Logging & Alerting",
        ],
    ),
    (
        4,
        Section::GoodEnough,
        &[
            "Automatic User Lifecycle",
            "Strong Policy Enforcement",
            "Robust Security & Efficiency",
        ],
    ),
    (
        4,
        Section::HowToDoBetter,
        &[
            "Adopt Short-Lived Credentials",
            "Implement Policy-as-Code for Identity",
            "Add Real-Time Security Monitoring",
            "Integrate Cross-department SSO",
            "Review & Update Roles Continuously",
        ],
    ),
    (
        5,
        Section::GoodEnough,
        &[
            "Complete Lifecycle Automation",
            "Zero Trust & Full Federation",
            "Strong Compliance & Efficiency",
        ],
    ),
    (
        5,
        Section::HowToDoBetter,
        &[
            "Implement Passwordless or Phishing-Resistant MFA",
            "Add Dynamic Risk Scoring",
            "Extend Identity to Third-Party Collaboration",
            "Encourage Cross-Public Sector Federation",
            "Regularly Assess Identity Posture",
        ],
    ),
];

/// How a rule's result counts towards a level.
#[derive(
    Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Must be satisfied for a scope to reach the rule's level.
    #[default]
    Gate,
    /// A step beyond level 5: reported with evidence, never gating.
    Refinement,
    /// Outside the model (hygiene the model does not speak of): reported, never gating.
    Advisory,
}

impl Placement {
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Gate => "gate",
            Placement::Refinement => "refinement",
            Placement::Advisory => "advisory",
        }
    }
    pub fn is_gate(&self) -> bool {
        *self == Placement::Gate
    }
}

/// How reports group results: by the level a rule gates, then refinements beyond level 5, then
/// advisory checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Level(u8),
    Beyond,
    Advisory,
}

impl Group {
    pub fn of(level: u8, placement: Placement) -> Group {
        match placement {
            Placement::Gate => Group::Level(level),
            Placement::Refinement => Group::Beyond,
            Placement::Advisory => Group::Advisory,
        }
    }

    /// Every group in report order.
    pub fn all() -> impl Iterator<Item = Group> {
        (2..=MAX_LEVEL)
            .map(Group::Level)
            .chain([Group::Beyond, Group::Advisory])
    }

    /// "Level 3 — Common standards (SAML / OIDC / SCIM)".
    pub fn heading(self) -> String {
        match self {
            Group::Level(l) => format!("Level {l} — {}", level_name(l)),
            Group::Beyond => "Beyond level 5 — refinements (never gating)".to_string(),
            Group::Advisory => "Advisory — outside the model (never gating)".to_string(),
        }
    }

    /// For a narrow column: "3", "5+", "adv".
    pub fn short(self) -> String {
        match self {
            Group::Level(l) => l.to_string(),
            Group::Beyond => "5+".to_string(),
            Group::Advisory => "adv".to_string(),
        }
    }

    /// What a failure means: "blocks maturity level 3", "a refinement beyond level 5 (does not
    /// gate a level)".
    pub fn effect(self) -> String {
        match self {
            Group::Level(l) => format!("blocks maturity level {l}"),
            Group::Beyond => "a refinement beyond level 5 (does not gate a level)".to_string(),
            Group::Advisory => "advisory, outside the model (does not gate a level)".to_string(),
        }
    }
}

/// Where a rule stands in the model: a level's section and step, or — for an advisory rule — why
/// the model does not speak of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Anchor {
    Model {
        level: u8,
        section: Section,
        /// The step's title in the model; absent for a level's definition.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<String>,
    },
    Outside {
        /// What the check is about and why the model does not place it.
        outside_model: String,
    },
}

impl Anchor {
    /// "level 1, how to do better: Eliminate Shared Accounts".
    pub fn describe(&self) -> String {
        match self {
            Anchor::Model {
                level,
                section,
                step,
            } => match step {
                Some(s) => format!("level {level}, {}: {s}", section.as_str()),
                None => format!("level {level}, {}", section.as_str()),
            },
            Anchor::Outside { outside_model } => format!("outside the model: {outside_model}"),
        }
    }
}

/// What an anchor allows: the placement, and for a gate the one level it gates.
pub fn allowed(anchor: &Anchor) -> Result<(Placement, Option<u8>), String> {
    match anchor {
        Anchor::Outside { outside_model } => {
            if outside_model.trim().is_empty() {
                return Err("anchor.outside_model is empty".into());
            }
            Ok((Placement::Advisory, None))
        }
        Anchor::Model {
            level,
            section,
            step,
        } => {
            if !(1..=MAX_LEVEL).contains(level) {
                return Err(format!("anchor level {level} is not a level of the model"));
            }
            match (section, step) {
                (Section::Definition, None) => {}
                (Section::Definition, Some(_)) => {
                    return Err("a level's definition has no steps: drop anchor.step".into())
                }
                (_, None) => return Err(format!("anchor names no step of {}", section.as_str())),
                (_, Some(s)) => {
                    let steps = STEPS
                        .iter()
                        .find(|(l, sec, _)| l == level && sec == section)
                        .map_or(&[][..], |(_, _, steps)| *steps);
                    if !steps.contains(&s.as_str()) {
                        return Err(format!(
                            "level {level} {} has no step {s:?}; its steps: {}",
                            section.as_str(),
                            steps.join("; ")
                        ));
                    }
                }
            }
            match section {
                Section::HowToDoBetter if *level == MAX_LEVEL => Ok((Placement::Refinement, None)),
                Section::HowToDoBetter => Ok((Placement::Gate, Some(level + 1))),
                _ if *level == 1 => Err(
                    "level 1 is the floor: what it says of itself gates nothing; anchor on its \
                     \"how to do better\" steps"
                        .into(),
                ),
                _ => Ok((Placement::Gate, Some(*level))),
            }
        }
    }
}

/// Checks a rule's declared placement and level against its anchor (the placement rule).
pub fn check(anchor: &Anchor, placement: Placement, level: u8) -> Result<(), String> {
    let (p, gates) = allowed(anchor)?;
    if p != placement {
        return Err(format!(
            "anchor ({}) makes the rule {}, but it is declared {}",
            anchor.describe(),
            p.as_str(),
            placement.as_str()
        ));
    }
    match (p, gates) {
        (Placement::Gate, Some(l)) if l != level => Err(format!(
            "anchor ({}) allows gating level {l}, not level {level}",
            anchor.describe()
        )),
        (Placement::Refinement, _) if level != MAX_LEVEL => Err(format!(
            "a refinement beyond level {MAX_LEVEL} is listed with level {MAX_LEVEL}, not {level}"
        )),
        _ => Ok(()),
    }
}

/// Every (level, section, step) of the model, for documentation.
pub fn steps() -> impl Iterator<Item = (u8, Section, &'static str)> {
    STEPS
        .iter()
        .flat_map(|(l, s, steps)| steps.iter().map(move |st| (*l, *s, *st)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(level: u8, section: Section, step: Option<&str>) -> Anchor {
        Anchor::Model {
            level,
            section,
            step: step.map(str::to_string),
        }
    }

    #[test]
    fn placement_rule() {
        let path_to_2 = m(1, Section::HowToDoBetter, Some("Eliminate Shared Accounts"));
        assert_eq!(allowed(&path_to_2), Ok((Placement::Gate, Some(2))));
        let own_3 = m(3, Section::Definition, None);
        assert_eq!(allowed(&own_3), Ok((Placement::Gate, Some(3))));
        let own_4 = m(4, Section::GoodEnough, Some("Automatic User Lifecycle"));
        assert_eq!(allowed(&own_4), Ok((Placement::Gate, Some(4))));
        let beyond = m(
            5,
            Section::HowToDoBetter,
            Some("Implement Passwordless or Phishing-Resistant MFA"),
        );
        assert_eq!(allowed(&beyond), Ok((Placement::Refinement, None)));
        let outside = Anchor::Outside {
            outside_model: "workload key age".into(),
        };
        assert_eq!(allowed(&outside), Ok((Placement::Advisory, None)));
    }

    #[test]
    fn bad_anchors_are_refused() {
        assert!(allowed(&m(2, Section::HowToDoBetter, Some("No such step"))).is_err());
        assert!(allowed(&m(1, Section::Definition, None)).is_err());
        assert!(allowed(&m(6, Section::Definition, None)).is_err());
        assert!(allowed(&m(3, Section::GoodEnough, None)).is_err());
        assert!(allowed(&m(3, Section::Definition, Some("x"))).is_err());
    }

    #[test]
    fn a_rule_may_not_gate_another_level_than_its_anchor() {
        let path_to_5 = m(
            4,
            Section::HowToDoBetter,
            Some("Adopt Short-Lived Credentials"),
        );
        assert!(check(&path_to_5, Placement::Gate, 5).is_ok());
        let e = check(&path_to_5, Placement::Gate, 4).unwrap_err();
        assert!(e.contains("allows gating level 5, not level 4"), "{e}");
        let beyond = m(5, Section::HowToDoBetter, Some("Add Dynamic Risk Scoring"));
        let e = check(&beyond, Placement::Gate, 5).unwrap_err();
        assert!(e.contains("makes the rule refinement"), "{e}");
        assert!(check(&beyond, Placement::Refinement, 5).is_ok());
    }
}
