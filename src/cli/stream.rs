//! `assess` of snapshot files a scope at a time, so that its memory follows the largest scope
//! (plus what the organizations provide and the results) rather than the whole estate: a
//! 1,000-account `--org` snapshot is never held whole.
//!
//! Each file is read up to three times by [`crate::model::stream_scopes`], in the same order:
//! 1. the organization scopes ([`Context::gather_organization`]) and each scope's shell (id,
//!    provider, kind, name, parent: what the verdict and the results document name);
//! 2. only when an AWS account scope has a parent: the organization-level data accounts are
//!    credited with ([`Context::gather_provided`]);
//! 3. every scope credited ([`Context::credit_scope`]), evaluated in batches of one scope per
//!    worker, and released.
//!
//! Results, verdict and document are the same as the in-memory path's (`credit`, `evaluate`,
//! `decide` over whole snapshots) — the test suite runs `assess` of files through this path.
//! A file the scanner cannot split is read by the reference reader instead, which either
//! reports its error (file, line, field) or hands back a snapshot: then [`assess_files`] returns
//! `None` and the caller takes the in-memory path.

use crate::engine::{self, input, EvalError, EvalOptions, RuleResult, RuleSet};
use crate::model::{load_snapshot, stream_scopes, Scope, Sections, Snapshot, StreamError};
use crate::providers::aws::credit::Context;
use crate::results::Assessment;
use crate::verdict;
use anyhow::{bail, Result};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Assesses snapshot `files` scope by scope; `None` when one of them has to be read whole.
pub(super) fn assess_files(
    files: &[PathBuf],
    rules: &RuleSet,
    opts: &EvalOptions<'_>,
    today: NaiveDate,
) -> Result<Option<Assessment>> {
    let mut ctx = Context::default();
    // Organization accounts of organization scopes other than AWS ones (which `ctx` keeps).
    let mut org_accounts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut shells: Vec<Snapshot> = Vec::new();
    let mut needs_provided = false;

    // 1. Organizations and shells.
    for (i, path) in files.iter().enumerate() {
        let mut scopes = Vec::new();
        let read = stream_scopes(path, |scope: Scope| -> Result<(), ()> {
            let at = (i, scopes.len());
            ctx.gather_organization(at, &scope);
            let aws_org = scope.provider == crate::model::Provider::Aws
                && scope.kind == crate::model::ScopeKind::Organization;
            if !aws_org {
                if let Some(org) = scope.sections.organization.as_ref().and_then(|o| o.data()) {
                    org_accounts.insert(scope.id.clone(), input::accounts_of(org));
                }
            }
            needs_provided |= scope.provider == crate::model::Provider::Aws
                && scope.kind == crate::model::ScopeKind::Account
                && scope.parent.is_some();
            scopes.push(Scope {
                sections: Sections::default(),
                ..scope
            });
            Ok(())
        });
        match read {
            Ok(mut envelope) => {
                envelope.scopes = scopes;
                shells.push(envelope);
            }
            Err(e) => return whole(path, e),
        }
    }
    for (id, org) in ctx.organizations() {
        if let Some(org) = org {
            org_accounts.insert(id.to_string(), input::accounts_of(org));
        }
    }
    // A snapshot carrying a directory (`collect ldap`) is reconciled with every scope's people:
    // that needs them all at once.
    if shells.iter().any(|s| s.identity_repository.is_some()) {
        return Ok(None);
    }
    // The organization scopes read better elsewhere are dropped (merged).
    for (i, s) in shells.iter_mut().enumerate() {
        let mut j = 0;
        s.scopes.retain(|scope| {
            let keep = ctx.keeps((i, j), scope);
            j += 1;
            keep
        });
    }
    if shells.iter().all(|s| s.scopes.is_empty()) {
        bail!("no scopes to assess: the input snapshots contain no accounts, tenants or projects");
    }
    let mut ids: Vec<&str> = shells
        .iter()
        .flat_map(|s| s.scopes.iter().map(|sc| sc.id.as_str()))
        .collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(EvalError::DuplicateScope(w[0].to_string()).into());
    }

    // 2. What organizations provide.
    if needs_provided {
        for (i, path) in files.iter().enumerate() {
            let mut j = 0;
            let read = stream_scopes(path, |scope: Scope| -> Result<(), ()> {
                ctx.gather_provided((i, j), &scope);
                j += 1;
                Ok(())
            });
            if let Err(e) = read {
                return whole(path, e);
            }
        }
    }

    // 3. Credit, evaluate, release; a batch of one scope per worker at a time.
    let workers = match opts.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let mut results: Vec<RuleResult> = Vec::new();
    let mut partitions: BTreeMap<String, String> = BTreeMap::new();
    let mut batch: Vec<(Scope, DateTime<Utc>)> = Vec::new();
    let run = |batch: &mut Vec<(Scope, DateTime<Utc>)>,
               results: &mut Vec<RuleResult>|
     -> Result<(), EvalError> {
        batch.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let scopes: Vec<(&Scope, DateTime<Utc>)> = batch.iter().map(|(s, t)| (s, *t)).collect();
        results.extend(engine::evaluate_scopes(
            &scopes,
            &org_accounts,
            rules,
            opts,
        )?);
        batch.clear();
        Ok(())
    };
    for (i, path) in files.iter().enumerate() {
        let collected_at = shells[i].collected_at;
        let mut j = 0;
        let read = stream_scopes(path, |mut scope: Scope| -> Result<(), EvalError> {
            let at = (i, j);
            j += 1;
            if !ctx.keeps(at, &scope) {
                return Ok(());
            }
            ctx.credit_scope(at, &mut scope);
            if let Some(p) = crate::providers::partition(&scope) {
                partitions.insert(scope.id.clone(), p);
            }
            batch.push((scope, collected_at));
            if batch.len() >= workers {
                run(&mut batch, &mut results)?;
            }
            Ok(())
        });
        match read {
            Ok(_) => {}
            Err(StreamError::Stopped(e)) => return Err(e.into()),
            Err(StreamError::Invalid) => return whole(path, StreamError::<()>::Invalid),
        }
    }
    run(&mut batch, &mut results)?;
    // In scope order (rules in their order within a scope), as evaluating every scope at once.
    results.sort_by(|a, b| a.scope_id.cmp(&b.scope_id));

    let verdict = verdict::decide(&shells, rules, &results);
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut assessment = Assessment::new(&paths, &shells, rules, results, verdict, today);
    for v in &mut assessment.verdict.scopes {
        v.partition = partitions.get(&v.scope_id).cloned();
    }
    Ok(Some(assessment))
}

/// A file the scanner could not split: the reference reader's error, or `None` (read it whole).
fn whole<E>(path: &std::path::Path, _: StreamError<E>) -> Result<Option<Assessment>> {
    load_snapshot(path)?;
    Ok(None)
}
