//! Loading rule files: the built-in catalogue (embedded at build time) plus `--rules DIR`
//! directories, each rule's metadata read from the Rego itself and checked before anything runs.

use crate::maturity::{self, Anchor, Placement};
use crate::model::{Provider, ScopeKind, SECTION_NAMES};
use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static BUILTIN_RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The text of a built-in rule file by its catalogue path (`rules/aws/root_mfa.rego`), as
/// embedded in the binary (for `rules show`).
pub fn builtin_source(path: &str) -> Option<&'static str> {
    let rel = path.strip_prefix("rules/")?;
    BUILTIN_RULES.get_file(rel)?.contents_utf8()
}

/// Package prefix that marks a Rego package as a rule (everything else is a library).
pub const RULE_PACKAGE_PREFIX: &str = "data.idgauge.rules.";

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a rules directory (no .rego files found)")]
    EmptyDir { path: PathBuf },
    #[error("{path}: Rego error: {message}")]
    Rego { path: String, message: String },
    #[error("rule package {package} ({path}): invalid metadata: {message}")]
    Metadata {
        package: String,
        path: String,
        message: String,
    },
    #[error("duplicate rule id {id}: {first} and {second}")]
    Duplicate {
        id: String,
        first: String,
        second: String,
    },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// A rule's metadata, as written in its `metadata` object.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    /// The providers whose scopes the rule applies to. A rule file may write one `provider` or a
    /// `providers` list; a rule naming several reads only provider-neutral fields (it imports no
    /// `data.idgauge.lib.<provider>` library; rule loading enforces it).
    #[serde(alias = "provider", deserialize_with = "one_or_many")]
    pub providers: Vec<Provider>,
    pub scope_kinds: Vec<ScopeKind>,
    /// The level the rule gates; for a refinement 5, for an advisory rule the level whose rules
    /// it is listed with.
    pub level: u8,
    /// Gate (the default), refinement beyond level 5, or advisory; must agree with `anchor`.
    #[serde(default)]
    pub placement: Placement,
    /// Where the rule stands in the maturity model (level, section, step), or why the model does
    /// not speak of it. Required of built-in rules (a catalogue test); checked when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    pub severity: Severity,
    pub requires: Vec<String>,
    pub description: String,
    pub rationale: String,
    pub recommendation: String,
    pub references: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: RuleMeta,
    /// `data.idgauge.rules.aws.no_shared_user_names`
    pub package: String,
    /// Where the rule came from: `rules/aws/no_shared_user_names.rego` for built-ins, else the file path.
    pub path: String,
    pub builtin: bool,
    /// Which optional outputs the file declares (evaluating an undeclared one is an error).
    pub(crate) declares_not_applicable: bool,
    pub(crate) declares_undetermined: bool,
}

/// Loaded rules with a regorus engine holding every policy, ready to clone per worker.
#[derive(Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub(crate) engine: regorus::Engine,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl RuleSet {
    /// The built-in catalogue plus each directory in `extra` (searched recursively for `.rego`).
    pub fn load(extra: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut sources: Vec<(String, String, bool)> = Vec::new();
        collect_builtin(&BUILTIN_RULES, &mut sources);
        for dir in extra {
            let before = sources.len();
            collect_dir(dir, &mut sources)?;
            if sources.len() == before {
                return Err(RuleError::EmptyDir { path: dir.clone() });
            }
        }
        Self::from_sources(sources)
    }

    /// Only the given directories (no built-ins); used by tests of custom rule sets.
    pub fn load_dirs_only(dirs: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut sources = Vec::new();
        for dir in dirs {
            collect_dir(dir, &mut sources)?;
        }
        Self::from_sources(sources)
    }

    fn from_sources(sources: Vec<(String, String, bool)>) -> Result<RuleSet, RuleError> {
        let mut engine = regorus::Engine::new();
        // Rule authors get an error, not a silent `undefined`, when they misuse a builtin.
        engine.set_strict_builtin_errors(true);
        let mut package_paths: BTreeMap<String, (String, bool)> = BTreeMap::new();
        for (path, text, builtin) in &sources {
            check_imports(text).map_err(|message| RuleError::Rego {
                path: path.clone(),
                message,
            })?;
            let pkg =
                engine
                    .add_policy(path.clone(), text.clone())
                    .map_err(|e| RuleError::Rego {
                        path: path.clone(),
                        message: e.to_string(),
                    })?;
            package_paths.insert(pkg, (path.clone(), *builtin));
        }
        let mut rules = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (pkg, (path, builtin)) in package_paths {
            if !pkg.starts_with(RULE_PACKAGE_PREFIX) {
                continue;
            }
            let meta_err = |message: String| RuleError::Metadata {
                package: pkg.clone(),
                path: path.clone(),
                message,
            };
            let v = engine
                .eval_rule(format!("{pkg}.metadata"))
                .map_err(|e| meta_err(e.to_string()))?;
            if v == regorus::Value::Undefined {
                return Err(meta_err("no `metadata` object".into()));
            }
            let json = serde_json::to_value(&v).map_err(|e| meta_err(e.to_string()))?;
            let meta: RuleMeta =
                serde_json::from_value(json).map_err(|e| meta_err(e.to_string()))?;
            validate_meta(&meta).map_err(&meta_err)?;
            let text = sources
                .iter()
                .find(|(p, _, _)| *p == path)
                .map_or("", |(_, t, _)| t.as_str());
            check_provider_libraries(&meta, text).map_err(&meta_err)?;
            if let Some(first) = seen.insert(meta.id.clone(), path.clone()) {
                return Err(RuleError::Duplicate {
                    id: meta.id.clone(),
                    first,
                    second: path.clone(),
                });
            }
            let declares = |name: &str| {
                engine
                    .has_declared_rule_rooted_at(&path, name)
                    .map_err(|e| meta_err(e.to_string()))
            };
            if !declares("findings")? {
                return Err(meta_err("declares no `findings` set".into()));
            }
            let declares_not_applicable = declares("not_applicable")?;
            let declares_undetermined = declares("undetermined")?;
            rules.push(Rule {
                meta,
                package: pkg,
                path,
                builtin,
                declares_not_applicable,
                declares_undetermined,
            });
        }
        rules.sort_by(|a, b| rule_order(&a.meta, &b.meta));
        Ok(RuleSet { rules, engine })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.meta.id.eq_ignore_ascii_case(id))
    }
}

/// `"aws"` or `["aws", "azure"]`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Provider>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Provider),
        Many(Vec<Provider>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(mut v) => {
            v.sort();
            v.dedup();
            v
        }
    })
}

impl RuleMeta {
    /// The first provider (catalogue order and grouping).
    pub fn primary_provider(&self) -> Provider {
        self.providers[0]
    }

    /// Whether the rule applies to scopes of `p`.
    pub fn applies_to(&self, p: Provider) -> bool {
        self.providers.contains(&p)
    }

    /// "aws" or "aws, azure".
    pub fn providers_label(&self) -> String {
        let names: Vec<&str> = self.providers.iter().map(|p| p.as_str()).collect();
        names.join(", ")
    }
}

/// Catalogue order: provider, then id.
pub fn rule_order(a: &RuleMeta, b: &RuleMeta) -> std::cmp::Ordering {
    (a.primary_provider(), &a.id).cmp(&(b.primary_provider(), &b.id))
}

fn validate_meta(m: &RuleMeta) -> Result<(), String> {
    if m.id.trim().is_empty() || m.id.contains(char::is_whitespace) {
        return Err(format!("id {:?} must be non-empty without spaces", m.id));
    }
    if !(2..=5).contains(&m.level) {
        return Err(format!(
            "level {} out of range: rules gate levels 2 to 5 (1 is the floor)",
            m.level
        ));
    }
    match &m.anchor {
        Some(a) => maturity::check(a, m.placement, m.level)?,
        None if !m.placement.is_gate() => {
            return Err(format!(
                "a {} rule must name its anchor (why it does not gate a level)",
                m.placement.as_str()
            ))
        }
        None => {}
    }
    if m.providers.is_empty() {
        return Err("providers is empty".into());
    }
    if m.scope_kinds.is_empty() {
        return Err("scope_kinds is empty".into());
    }
    for r in &m.requires {
        if !SECTION_NAMES.contains(&r.as_str()) {
            return Err(format!(
                "requires unknown section {r:?}; known: {}",
                SECTION_NAMES.join(", ")
            ));
        }
    }
    for (name, v) in [
        ("title", &m.title),
        ("description", &m.description),
        ("rationale", &m.rationale),
        ("recommendation", &m.recommendation),
    ] {
        if v.trim().is_empty() {
            return Err(format!("{name} is empty"));
        }
    }
    if m.references.is_empty() {
        return Err("references is empty".into());
    }
    Ok(())
}

/// The provider libraries (`data.idgauge.lib.<provider>`) a rule file imports.
fn provider_imports(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("import data.idgauge.lib."))
        .map(|rest| rest.split_whitespace().next().unwrap_or(rest))
        .filter(|lib| *lib != "common")
        .collect()
}

/// The library was split into `idgauge.lib.common` and `idgauge.lib.<provider>`: a file still
/// importing the bare `data.idgauge.lib` would read undefined values and, with no findings,
/// pass silently — so it is refused with the way to fix it.
fn check_imports(text: &str) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        if words.next() == Some("import") && words.next() == Some("data.idgauge.lib") {
            return Err(format!(
                "line {}: `import data.idgauge.lib` no longer names a library; import the \
                 provider-neutral helpers as `import data.idgauge.lib.common as lib` and a \
                 provider's as `import data.idgauge.lib.aws`",
                n + 1
            ));
        }
    }
    Ok(())
}

/// A rule that imports a provider's library applies to that provider alone; a rule for several
/// providers may read only neutral helpers and fields.
fn check_provider_libraries(m: &RuleMeta, text: &str) -> Result<(), String> {
    for lib in provider_imports(text) {
        if m.providers.len() != 1 || m.providers[0].as_str() != lib {
            return Err(format!(
                "imports the {lib} library (data.idgauge.lib.{lib}) but applies to providers \
                 [{}]: a rule using a provider's helpers must apply to that provider only",
                m.providers_label()
            ));
        }
    }
    Ok(())
}

fn collect_builtin(dir: &Dir<'_>, out: &mut Vec<(String, String, bool)>) {
    for f in dir.files() {
        if f.path().extension().is_some_and(|e| e == "rego") {
            if let Some(text) = f.contents_utf8() {
                out.push((
                    format!("rules/{}", f.path().display()),
                    text.to_string(),
                    true,
                ));
            }
        }
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

fn collect_dir(dir: &Path, out: &mut Vec<(String, String, bool)>) -> Result<(), RuleError> {
    let io = |source| RuleError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_dir(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "rego")
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with("_test.rego"))
        {
            let text = std::fs::read_to_string(&p).map_err(|source| RuleError::Io {
                path: p.clone(),
                source,
            })?;
            out.push((p.display().to_string(), text, false));
        }
    }
    Ok(())
}

/// The generated catalogue (`rules/README.md`) for the built-in rules: a summary table by level,
/// then each rule's documentation in fixed sections.
pub fn catalogue_markdown(set: &RuleSet) -> String {
    use std::fmt::Write;
    let mut rules: Vec<&Rule> = set.rules.iter().filter(|r| r.builtin).collect();
    rules.sort_by(|a, b| {
        (a.meta.primary_provider(), a.meta.level, &a.meta.id).cmp(&(
            b.meta.primary_provider(),
            b.meta.level,
            &b.meta.id,
        ))
    });
    let mut s = String::new();
    let _ = writeln!(s, "# idgauge rule catalogue\n");
    let _ = writeln!(
        s,
        "<!-- Generated from the rules' metadata by `IDGAUGE_UPDATE_CATALOGUE=1 cargo test --test catalogue`; do not edit. -->\n"
    );
    let _ = writeln!(
        s,
        "A scope reaches level L when every rule gating L and every level below passes (or is not applicable, excepted or attested). Level 1 is the floor. Refinements (level 5+) and advisory checks (adv) are reported but never gate a level; [docs/maturity-model.md](../docs/maturity-model.md) shows why each rule sits where it does. {} rules.\n",
        rules.len()
    );
    let _ = writeln!(s, "| Id | Level | Severity | Scope | Title | Requires |");
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for r in &rules {
        let m = &r.meta;
        let kinds: Vec<&str> = m.scope_kinds.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(
            s,
            "| [{id}](#{anchor}) | {} | {} | {} {} | {} | {} |",
            maturity::Group::of(m.level, m.placement).short(),
            m.severity.as_str(),
            m.providers_label(),
            kinds.join(", "),
            m.title.replace('|', "\\|"),
            m.requires.join(", "),
            id = m.id,
            anchor = m.id.to_lowercase(),
        );
    }
    for r in &rules {
        let m = &r.meta;
        let _ = writeln!(s, "\n## {}\n", m.id);
        let _ = writeln!(
            s,
            "**{}** — {}, severity {}. Source: `{}`.\n",
            m.title,
            gates(m),
            m.severity.as_str(),
            r.path
        );
        if let Some(a) = &m.anchor {
            let _ = writeln!(s, "**In the model.** {}\n", a.describe());
        }
        let _ = writeln!(s, "**What it checks.** {}\n", m.description.trim());
        let _ = writeln!(s, "**Why it matters.** {}\n", m.rationale.trim());
        let _ = writeln!(s, "**How to fix.**\n\n{}\n", m.recommendation.trim());
        let _ = writeln!(s, "**References.** {}", m.references.join("; "));
    }
    s
}

/// "gates level 3", "refinement beyond level 5 (never gating)", "advisory (never gating)".
fn gates(m: &RuleMeta) -> String {
    match m.placement {
        Placement::Gate => format!("gates level {}", m.level),
        Placement::Refinement => "refinement beyond level 5 (never gating)".to_string(),
        Placement::Advisory => "advisory, outside the model (never gating)".to_string(),
    }
}

/// The generated `docs/maturity-model.md`: for each level, what the model's parts say the level
/// needs and which built-in rules gate it, per provider, with the anchor that places them there;
/// then the refinements beyond level 5 and the advisory checks.
pub fn maturity_markdown(set: &RuleSet) -> String {
    use std::fmt::Write;
    let rules: Vec<&Rule> = set.rules.iter().filter(|r| r.builtin).collect();
    let mut providers: Vec<Provider> = rules
        .iter()
        .flat_map(|r| r.meta.providers.clone())
        .collect();
    providers.sort();
    providers.dedup();
    let mut s = String::new();
    let _ = writeln!(s, "# How idgauge places its rules in the maturity model\n");
    let _ = writeln!(
        s,
        "<!-- Generated from the rules' metadata by `IDGAUGE_UPDATE_CATALOGUE=1 cargo test --test catalogue`; do not edit. -->\n"
    );
    let _ = writeln!(
        s,
        "The placement rule (`src/maturity.rs`, checked when rules load): a rule **gates level L** when it tests what the model says of level L itself (its definition or a \"good enough\" criterion), or a step the model lists under level L−1's \"how to do better\" — the path to L. A step listed only under level 5's \"how to do better\" is a **refinement beyond level 5**: reported with evidence, never gating. A check the model does not speak of is **advisory**: reported, never gating. A scope reaches level L when every gating rule of L and below is satisfied; level 1 is the floor.\n"
    );
    let anchor_of = |r: &Rule| {
        r.meta
            .anchor
            .as_ref()
            .map_or("(no anchor)".to_string(), |a| a.describe())
    };
    let table = |s: &mut String, list: &[&Rule]| {
        let _ = writeln!(s, "| Rule | Title | Anchor in the model |");
        let _ = writeln!(s, "|---|---|---|");
        for r in list {
            let _ = writeln!(
                s,
                "| [{id}](../rules/README.md#{a}) | {} | {} |",
                r.meta.title.replace('|', "\\|"),
                anchor_of(r),
                id = r.meta.id,
                a = r.meta.id.to_lowercase()
            );
        }
        let _ = writeln!(s);
    };
    for group in maturity::Group::all() {
        let _ = writeln!(s, "## {}\n", group.heading());
        if let maturity::Group::Level(l) = group {
            let path: Vec<&str> = maturity::steps()
                .filter(|(lv, sec, _)| *lv == l - 1 && *sec == maturity::Section::HowToDoBetter)
                .map(|(_, _, st)| st)
                .collect();
            let own: Vec<&str> = maturity::steps()
                .filter(|(lv, sec, _)| *lv == l && *sec == maturity::Section::GoodEnough)
                .map(|(_, _, st)| st)
                .collect();
            let _ = writeln!(
                s,
                "Gated by the level's own definition and \"good enough\" criteria ({}) and by level {}'s \"how to do better\" steps ({}).\n",
                own.join("; "),
                l - 1,
                path.join("; ")
            );
        }
        for p in &providers {
            let list: Vec<&Rule> = rules
                .iter()
                .copied()
                .filter(|r| r.meta.applies_to(*p))
                .filter(|r| maturity::Group::of(r.meta.level, r.meta.placement) == group)
                .collect();
            let _ = writeln!(s, "### {}\n", p.as_str());
            if list.is_empty() {
                let _ = writeln!(s, "No rule yet.\n");
            } else {
                table(&mut s, &list);
            }
        }
    }
    s
}
