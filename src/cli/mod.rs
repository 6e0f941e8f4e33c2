//! The command line: `assess`, `diff`, `rules list|show`, `schema`, `permissions`, `completions`,
//! `man` (and, with the `aws-live` or `azure-live` feature, `collect` and `scan`).
//!
//! This module owns argument parsing, reading inputs, choosing the output formats and where each
//! goes, the terminal (colour and width, [`term`]), the error text, and mapping outcomes to exit
//! codes (0 ok, 1 policy failure: `--fail-below` or a
//! `--fail-on` regression, 2 error). It is the only place `anyhow` is used; library modules
//! return typed errors.

// Public so the fuzz harnesses (tests/fuzz, fuzz/) drive the exact loading path `assess` uses.
pub mod inputs;
mod outputs;
mod stream;
mod term;

use crate::baseline::{self, Trigger};
use crate::config::Config;
use crate::engine::{self, EvalOptions, RuleSet};
use crate::report::{self, table::TableOptions};
use crate::results::Assessment;
use crate::verdict;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use term::{ColorChoice, Stream};

#[derive(Parser, Debug)]
#[command(
    name = "idgauge",
    version,
    long_version = long_version(),
    about = "How mature is your cloud identity provisioning and human authentication? Evidence, a level (1-5) per scope, and what to fix next.",
    after_help = "Exit codes: 0 ok, 1 policy failure (--fail-below, or a --fail-on regression against a baseline), 2 error."
)]
struct Cli {
    /// Colour in terminal output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size of the largest variant (assess, with its directory options)
// costs nothing, and boxing it would only obscure the clap model. Without the live collectors
// (--no-default-features) nothing else comes near it.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Assess snapshot files (or directories of them) offline.
    Assess(AssessArgs),
    /// Compare two results documents (`assess --format json`): levels, new failures, fixed, new
    /// unknowns, rules added and removed. Exit 1 on a --fail-on regression.
    Diff(DiffArgs),
    /// List or show the rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print the JSON Schema of the snapshot format.
    Schema,
    /// Print the minimal read-only IAM policy a scan needs.
    Permissions {
        #[command(subcommand)]
        provider: PermissionsProvider,
    },
    /// Print a shell completion script (e.g. `idgauge completions bash >
    /// /usr/share/bash-completion/completions/idgauge`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `idgauge man | man -l -`), or write one page per command.
    Man {
        /// Write idgauge.1 and a page per subcommand (idgauge-assess.1, ...) into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Collect a snapshot from a live cloud account (read-only API calls) and write it.
    #[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
    Collect {
        #[command(subcommand)]
        target: CollectTarget,
    },
    /// Collect from a live cloud account and assess it (same output options as `assess`).
    #[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
    Scan {
        #[command(subcommand)]
        target: ScanTarget,
    },
    /// Write a synthetic AWS organisation snapshot (benchmarks, demos).
    #[command(hide = true)]
    Synth {
        /// Human principals in the organisation.
        #[arg(long, default_value_t = 10_000)]
        humans: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Parser, Debug)]
struct AssessArgs {
    /// Snapshot files, directories of them, or a directory of AWS CLI exports.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    opts: AssessOpts,
}

/// What `assess` and `scan` share: rules, config and output.
#[derive(Parser, Debug)]
struct AssessOpts {
    /// Output format (default table). Repeatable: each --format goes to the --output that
    /// follows it, e.g. `--format sarif --output r.sarif --format html --output r.html
    /// --format table`; a format without an --output goes to standard output (at most one).
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    format: Vec<Format>,
    /// Write the report of the --format before it to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Vec<PathBuf>,
    /// A results document from an earlier run (`--format json --output FILE`) to compare with:
    /// the reports say what changed, and --fail-on gates on it.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// With --baseline: exit 1 on these regressions (repeatable or comma-separated; default
    /// level-drop,new-fail; `none` reports without gating).
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        value_delimiter = ',',
        requires = "baseline"
    )]
    fail_on: Vec<FailOn>,
    /// idgauge.toml: break-glass accounts, exceptions, thresholds, attestations.
    #[arg(long, short, env = "IDGAUGE_CONFIG")]
    config: Option<PathBuf>,
    /// Additional rule directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Exit 1 when any scope is below this level.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=5))]
    fail_below: Option<u8>,
    /// Date exception and attestation expiry is checked against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Worker threads for rule evaluation (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Recommendations shown in the table and markdown reports.
    #[arg(long, value_name = "N", default_value_t = 5)]
    top: usize,
    #[command(flatten)]
    directory: DirectoryArgs,
}

/// The identity repository to reconcile the clouds with (`assess`, `scan`).
#[derive(Parser, Debug)]
struct DirectoryArgs {
    /// Identity repository to reconcile every cloud scope with: ldap://HOST[:PORT] or
    /// ldaps://… (read live, read-only), or an export — LDIF (ldapsearch), Get-ADUser |
    /// Export-Csv, an HR CSV (id,email,status,end_date) or a snapshot from `idgauge collect
    /// ldap`. Repeatable: a later input (an HR CSV) enriches the people of an earlier one.
    #[arg(long = "directory", value_name = "URL|FILE")]
    sources: Vec<String>,
    #[command(flatten)]
    ldap: LdapConnArgs,
}

/// How to bind to an LDAP directory. The password comes from IDGAUGE_LDAP_PASSWORD or
/// --bind-password-file, never from the command line.
#[derive(Parser, Debug)]
struct LdapConnArgs {
    /// Bind DN (e.g. cn=idgauge,ou=service,dc=example,dc=org); an anonymous bind without it.
    #[arg(long, value_name = "DN", env = "IDGAUGE_LDAP_BIND_DN")]
    bind_dn: Option<String>,
    /// File whose first line is the bind password (else IDGAUGE_LDAP_PASSWORD).
    #[arg(long, value_name = "FILE")]
    bind_password_file: Option<PathBuf>,
    /// Upgrade ldap:// to TLS with StartTLS before binding.
    #[arg(long)]
    starttls: bool,
    /// Accept any TLS certificate from the directory (a test directory's self-signed one).
    #[arg(long)]
    tls_no_verify: bool,
    /// PEM file of the CA certificate(s) that sign the directory's TLS certificate (ldaps://,
    /// --starttls), trusted beside the system's (default: [directory] ca_file).
    #[arg(long, value_name = "FILE", env = "IDGAUGE_LDAP_CA_FILE")]
    ldap_ca_file: Option<PathBuf>,
    /// Search base for people and groups (default: [directory] base_dn in idgauge.toml, else
    /// the server's default naming context).
    #[arg(long, value_name = "DN")]
    base_dn: Option<String>,
    /// Seconds to wait for the directory to answer each operation.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    ldap_timeout: u64,
}

#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
#[derive(Subcommand, Debug)]
enum CollectTarget {
    /// One AWS account, through the standard credential chain (env, profile, SSO, IMDS).
    #[cfg(feature = "aws-live")]
    Aws(CollectAwsArgs),
    /// One Microsoft Entra tenant, through Microsoft Graph and ARM (Azure CLI sign-in, a service
    /// principal, managed or workload identity).
    #[cfg(feature = "azure-live")]
    Azure(CollectAzureArgs),
    /// A Google Cloud organization or projects, and the Workspace / Cloud Identity directory,
    /// with application default credentials.
    #[cfg(feature = "gcp-live")]
    Gcp(CollectGcpArgs),
    /// An LDAP / Active Directory directory (people, groups, leavers), read-only with paged
    /// searches; the snapshot carries the identity repository for `assess --directory`.
    #[cfg(feature = "ldap-live")]
    Ldap(CollectLdapArgs),
}

#[cfg(feature = "ldap-live")]
#[derive(Parser, Debug)]
struct CollectLdapArgs {
    /// ldap://HOST[:PORT] or ldaps://HOST[:PORT].
    url: String,
    #[command(flatten)]
    conn: LdapConnArgs,
    /// idgauge.toml: the [directory] attribute map, leavers OU, people filter, page size.
    #[arg(long, short, env = "IDGAUGE_CONFIG")]
    config: Option<PathBuf>,
    /// Write the snapshot to FILE instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
#[derive(Subcommand, Debug)]
enum ScanTarget {
    /// One AWS account, through the standard credential chain (env, profile, SSO, IMDS).
    #[cfg(feature = "aws-live")]
    Aws {
        #[command(flatten)]
        conn: AwsConnArgs,
        #[command(flatten)]
        opts: AssessOpts,
    },
    /// One Microsoft Entra tenant, through Microsoft Graph and ARM (Azure CLI sign-in, a service
    /// principal, managed or workload identity).
    #[cfg(feature = "azure-live")]
    Azure {
        #[command(flatten)]
        conn: AzureConnArgs,
        #[command(flatten)]
        opts: AssessOpts,
    },
    /// A Google Cloud organization or projects, and the Workspace / Cloud Identity directory,
    /// with application default credentials.
    #[cfg(feature = "gcp-live")]
    Gcp {
        #[command(flatten)]
        conn: GcpConnArgs,
        #[command(flatten)]
        opts: AssessOpts,
    },
}

#[cfg(feature = "azure-live")]
#[derive(Parser, Debug)]
struct CollectAzureArgs {
    #[command(flatten)]
    conn: AzureConnArgs,
    /// Write the snapshot to FILE instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[cfg(feature = "gcp-live")]
#[derive(Parser, Debug)]
struct CollectGcpArgs {
    #[command(flatten)]
    conn: GcpConnArgs,
    /// Write the snapshot to FILE instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Which Azure credential signs the requests.
#[cfg(feature = "azure-live")]
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum AzureCredential {
    /// A service principal when AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set, workload identity
    /// when AZURE_FEDERATED_TOKEN_FILE is, else the Azure CLI / Azure Developer CLI sign-in.
    Auto,
    /// `az login` or `azd auth login`.
    Cli,
    /// AZURE_TENANT_ID (or --tenant), AZURE_CLIENT_ID, AZURE_CLIENT_SECRET.
    ClientSecret,
    /// The managed identity of this VM, App Service or container.
    ManagedIdentity,
    /// Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE).
    WorkloadIdentity,
}

/// `--timeout`, shared by the live collectors.
#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
#[derive(clap::Args, Debug)]
struct TimeoutArg {
    /// Seconds one attempt of one API call may take (connect, send, whole answer) before it is
    /// abandoned and retried; a call that times out on every attempt leaves its sections
    /// unavailable.
    #[arg(long = "timeout", value_name = "SECS", default_value = "60", value_parser = seconds)]
    attempt: std::time::Duration,
}

#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
fn seconds(s: &str) -> std::result::Result<std::time::Duration, String> {
    match s.parse::<u64>() {
        Ok(n @ 1..=3600) => Ok(std::time::Duration::from_secs(n)),
        _ => Err(format!(
            "not a whole number of seconds from 1 to 3600: {s:?}"
        )),
    }
}

/// Where and as whom to reach Microsoft Graph and ARM.
#[cfg(feature = "azure-live")]
#[derive(Parser, Debug)]
struct AzureConnArgs {
    /// The tenant (id or verified domain) to sign in to; it also names the scope when the
    /// organization cannot be read. Default: the credential's home tenant.
    #[arg(long, value_name = "TENANT")]
    tenant: Option<String>,
    /// A subscription (id) whose Azure RBAC role assignments to assess as its own scope;
    /// repeatable or comma-separated. Default: every enabled subscription of the tenant the
    /// credential can list.
    #[arg(long = "subscription", value_name = "ID", value_delimiter = ',')]
    subscriptions: Vec<String>,
    /// The credential to use.
    #[arg(long, value_enum, default_value_t = AzureCredential::Auto)]
    credential: AzureCredential,
    /// Microsoft Graph base URL (sovereign clouds: https://graph.microsoft.us, ...).
    #[arg(
        long,
        value_name = "URL",
        default_value = "https://graph.microsoft.com"
    )]
    graph_url: String,
    /// Azure Resource Manager base URL (https://management.usgovcloudapi.net, ...).
    #[arg(
        long,
        value_name = "URL",
        default_value = "https://management.azure.com"
    )]
    arm_url: String,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    #[command(flatten)]
    timeout: TimeoutArg,
    /// Log every API call with its final HTTP status and latency (standard error).
    #[arg(long, short)]
    verbose: bool,
    /// No progress display or summary (both are also off when standard error is not a terminal).
    #[arg(long, short)]
    quiet: bool,
}

/// What to read from Google, and how. Credentials: IDGAUGE_GCP_ACCESS_TOKEN (e.g. from `gcloud
/// auth print-access-token`) when set, else application default credentials.
#[cfg(feature = "gcp-live")]
#[derive(Parser, Debug)]
struct GcpConnArgs {
    /// Organization id: every active project under it (repeatable).
    #[arg(long = "organization", value_name = "ID")]
    organizations: Vec<String>,
    /// Project id (repeatable); its folders and organization are read for inherited grants.
    #[arg(long = "project", value_name = "ID")]
    projects: Vec<String>,
    /// Workspace / Cloud Identity customer id.
    #[arg(long, value_name = "ID", default_value = "my_customer")]
    customer: String,
    /// One base URL for every Google API (an emulator or a mock).
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// Projects collected at the same time.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    #[command(flatten)]
    timeout: TimeoutArg,
    /// Log every API call with its final HTTP status and latency (standard error).
    #[arg(long, short)]
    verbose: bool,
    /// No progress display, summary or warnings.
    #[arg(long, short)]
    quiet: bool,
}

#[cfg(feature = "aws-live")]
#[derive(Parser, Debug)]
struct CollectAwsArgs {
    #[command(flatten)]
    conn: AwsConnArgs,
    /// Write the snapshot to FILE instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// An AWS region name (`us-east-1`, `us-gov-west-1`, `ap-southeast-7`): letters in dash-separated
/// words, then a number. Refused early so a typo (`us-east1`) is an error, not a scan whose every
/// regional section is unavailable.
#[cfg(feature = "aws-live")]
fn region_name(s: &str) -> std::result::Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let valid = parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[0].len() == 2
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if valid {
        Ok(s.to_string())
    } else {
        Err(format!(
            "not an AWS region name: {s:?} (expected something like us-east-1 or eu-west-2)"
        ))
    }
}

/// Where and as whom to reach AWS.
#[cfg(feature = "aws-live")]
#[derive(Parser, Debug)]
struct AwsConnArgs {
    /// Named profile from the shared AWS config files.
    #[arg(long)]
    profile: Option<String>,
    /// Region to read the regional services in (CloudTrail, Identity Center, CloudWatch,
    /// EventBridge, GuardDuty, Access Analyzer); repeatable or comma-separated. Default: every
    /// region the account has enabled (account:ListRegions). IAM and Organizations are global.
    #[arg(long = "region", value_name = "REGION", value_delimiter = ',', value_parser = region_name)]
    regions: Vec<String>,
    /// Endpoint URL for every service (an emulator such as moto); AWS_ENDPOINT_URL also works.
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// Log every API call with its final HTTP status and latency (standard error).
    #[arg(long, short)]
    verbose: bool,
    /// No progress display, summary or warnings (progress and summary are also off when
    /// standard error is not a terminal).
    #[arg(long, short)]
    quiet: bool,
    /// Every active account of the organization, from the management or a delegated-administrator
    /// account: one scope per account, plus the organization.
    #[arg(long)]
    org: bool,
    /// With --org: the role assumed in each member account.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "OrganizationAccountAccessRole",
        requires = "org"
    )]
    assume_role: String,
    /// With --org: accounts collected at the same time.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..), requires = "org")]
    concurrency: u16,
    #[command(flatten)]
    timeout: TimeoutArg,
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// List rules: id, level, severity, title.
    List {
        #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Additional rule directory (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Show one rule's metadata and its Rego source.
    Show {
        /// The rule id, e.g. IDG-AWS-013 (`idgauge rules list` shows them).
        id: String,
        /// Additional rule directory to look in (repeatable).
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum PermissionsProvider {
    /// AWS: an IAM policy document (JSON) for the scanning principal.
    Aws {
        /// Include what `--org` needs (list member accounts, assume the audit role).
        #[arg(long)]
        org: bool,
        /// Role assumed in each member account with `--org`.
        #[arg(long, default_value = "OrganizationAccountAccessRole")]
        assume_role: String,
    },
    /// GCP and Workspace: the IAM roles, OAuth scopes and API methods a scan needs (JSON).
    Gcp,
    /// Azure / Entra ID: the Microsoft Graph application permissions (all read-only), the Azure
    /// role for the Entra diagnostic settings, and every GET operation idgauge issues (JSON).
    Azure,
}

/// Report formats of `assess` and `scan`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Terminal report (level banners, rules by level, recommendations).
    Table,
    /// The results document (schema-versioned; what --baseline and `diff` read).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// JUnit XML for CI test reports.
    Junit,
    /// Markdown for a pull-request comment or job summary.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// OCSF Detection Findings, one JSON object per line.
    Ocsf,
    /// The identity map (JSON): each person once, with every account across clouds, federated
    /// or local, MFA state and last use (reconciled with --directory when given).
    Identities,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// Formats of `idgauge diff`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Table,
    Json,
    #[value(alias = "md")]
    Markdown,
}

/// Regressions `--fail-on` can gate on.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A scope's level, or the overall level, went down.
    LevelDrop,
    /// A resource fails a rule it did not fail before.
    NewFail,
    /// A rule could not be verified on a scope where it could before.
    NewUnknown,
    /// Report only; never exit 1 for a regression.
    None,
}

#[derive(Parser, Debug)]
struct DiffArgs {
    /// The baseline results document (`assess --format json`).
    old: PathBuf,
    /// The results document to compare with it.
    new: PathBuf,
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Table)]
    format: DiffFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 on these regressions (repeatable or comma-separated; default level-drop,new-fail;
    /// `none` never fails).
    #[arg(long, value_enum, value_name = "WHEN", value_delimiter = ',')]
    fail_on: Vec<FailOn>,
}

/// `idgauge --version`: version, commit, providers and rules digest (see [`crate::build_info`]).
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| crate::build_info::build_info().long_version())
}

/// The triggers selected by `--fail-on` (the default when none is given).
fn triggers(fail_on: &[FailOn]) -> Vec<Trigger> {
    if fail_on.is_empty() {
        return baseline::DEFAULT_TRIGGERS.to_vec();
    }
    fail_on
        .iter()
        .filter_map(|f| match f {
            FailOn::LevelDrop => Some(Trigger::LevelDrop),
            FailOn::NewFail => Some(Trigger::NewFail),
            FailOn::NewUnknown => Some(Trigger::NewUnknown),
            FailOn::None => None,
        })
        .collect()
}

/// Runs the CLI; `Ok` carries the exit code for outcomes that are not errors.
pub fn run() -> Result<ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help and usage errors go to standard output and standard error respectively; clap's
    // colour follows --color like the rest (usage errors are what a user sees most).
    let color = ColorChoice::from_raw_args(&args);
    let matches = Cli::command()
        .color(color.for_clap(Stream::Stderr))
        .get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let color = cli.color;
    // Where each report goes depends on the order of --format and --output on the command line,
    // which only the raw matches know.
    let targets = outputs::plan(&matches)?;
    match cli.command {
        Command::Assess(args) => {
            // Snapshot files are read a scope at a time; directories and exports whole.
            let inputs = match inputs::snapshot_files(&args.paths)? {
                Some(files) => Inputs::Files(files),
                None => {
                    let (paths, snapshots) = inputs::load(&args.paths)?.into_iter().unzip();
                    Inputs::Loaded(paths, snapshots)
                }
            };
            assess(inputs, args.opts, targets, color)
        }
        Command::Diff(args) => diff_cmd(args, color),
        Command::Rules { command } => rules_cmd(command),
        #[cfg(feature = "aws-live")]
        Command::Collect {
            target: CollectTarget::Aws(args),
        } => {
            let snap = collect_aws(args.conn, color)?;
            write_with(args.output.as_ref(), |w| snap.write_json(w))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(all(
            feature = "ldap-live",
            any(feature = "aws-live", feature = "azure-live", feature = "gcp-live")
        ))]
        Command::Collect {
            target: CollectTarget::Ldap(args),
        } => {
            let config = match &args.config {
                Some(p) => Config::load(p)?,
                None => Config::default(),
            };
            let now = chrono::Utc::now();
            let read = read_ldap(&args.url, &args.conn, &config, now)?;
            let mut snap = crate::providers::envelope::snapshot(
                crate::providers::envelope::Mode::Live,
                now,
                Vec::new(),
                crate::model::CollectionMeta {
                    api_calls: read.api_calls,
                    ..Default::default()
                },
            );
            snap.identity_repository = Some(read.section);
            write_with(args.output.as_ref(), |w| snap.write_json(w))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "gcp-live")]
        Command::Collect {
            target: CollectTarget::Gcp(args),
        } => {
            let snap = collect_gcp(args.conn, color)?;
            write_with(args.output.as_ref(), |w| snap.write_json(w))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "gcp-live")]
        Command::Scan {
            target: ScanTarget::Gcp { conn, opts },
        } => {
            let snap = collect_gcp(conn, color)?;
            assess(
                Inputs::Loaded(vec!["live:gcp".to_string()], vec![snap]),
                opts,
                targets,
                color,
            )
        }
        #[cfg(feature = "aws-live")]
        Command::Scan {
            target: ScanTarget::Aws { conn, opts },
        } => {
            let snap = collect_aws(conn, color)?;
            assess(
                Inputs::Loaded(vec!["live:aws".to_string()], vec![snap]),
                opts,
                targets,
                color,
            )
        }
        #[cfg(feature = "azure-live")]
        Command::Collect {
            target: CollectTarget::Azure(args),
        } => {
            let snap = collect_azure(args.conn, color)?;
            write_with(args.output.as_ref(), |w| snap.write_json(w))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "azure-live")]
        Command::Scan {
            target: ScanTarget::Azure { conn, opts },
        } => {
            let snap = collect_azure(conn, color)?;
            assess(
                Inputs::Loaded(vec!["live:azure".to_string()], vec![snap]),
                opts,
                targets,
                color,
            )
        }
        Command::Synth {
            humans,
            seed,
            output,
        } => {
            let snap = crate::synth::aws_org(humans, seed);
            write_with(output.as_ref(), |w| snap.write_json(w))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Permissions {
            provider: PermissionsProvider::Aws { org, assume_role },
        } => {
            let policy = crate::providers::aws::permissions::policy(org, &assume_role);
            let mut s = serde_json::to_string_pretty(&policy)?;
            s.push('\n');
            emit(&s, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Permissions {
            provider: PermissionsProvider::Azure,
        } => {
            let doc = crate::providers::azure::permissions::document();
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            emit(&s, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Permissions {
            provider: PermissionsProvider::Gcp,
        } => {
            let doc = crate::providers::gcp::permissions::document();
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            emit(&s, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "idgauge", &mut out);
            emit(&String::from_utf8(out)?, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => {
            // The page shows the plain version: its text then depends on the release only.
            let cmd = Cli::command().long_version(None::<&'static str>);
            match dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir)
                        .with_context(|| format!("{}: cannot create", dir.display()))?;
                    clap_mangen::generate_to(cmd, &dir).with_context(|| {
                        format!("{}: cannot write the manual pages", dir.display())
                    })?;
                }
                None => {
                    let mut out = Vec::new();
                    clap_mangen::Man::new(cmd).render(&mut out)?;
                    emit(&String::from_utf8(out)?, None)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            let schema = schemars::schema_for!(crate::model::Snapshot);
            let mut s = serde_json::to_string_pretty(&schema)?;
            s.push('\n');
            emit(&s, None)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What `assess` reads: snapshot files (read a scope at a time, see [`stream`]), or snapshots
/// already in memory (a live scan, directories, native exports).
enum Inputs {
    Files(Vec<PathBuf>),
    Loaded(Vec<String>, Vec<crate::model::Snapshot>),
}

fn assess(
    inputs: Inputs,
    args: AssessOpts,
    targets: Vec<outputs::Target>,
    color: ColorChoice,
) -> Result<ExitCode> {
    let config = match &args.config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    // A bad baseline is an input error: report it before any work is done.
    let base = match &args.baseline {
        Some(p) => Some(baseline::load(p)?),
        None => None,
    };
    let profile = Profile::new();
    let rules = RuleSet::load(&args.rules)?;
    profile.mark("rules loaded");
    let today = args
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let opts = EvalOptions {
        config: &config,
        today,
        jobs: args.jobs,
    };
    // Reconciling with a directory and the identity map join every scope's people, so they
    // need the snapshots whole; so does a snapshot that carries a directory (the streaming
    // reader then declines).
    let joins = !args.directory.sources.is_empty()
        || targets
            .iter()
            .any(|t| matches!(t.format, Format::Identities | Format::Html));
    let (paths, snapshots) = match inputs {
        Inputs::Files(files) if !joins => {
            match stream::assess_files(&files, &rules, &opts, today)? {
                Some(assessment) => {
                    profile.mark("assessment built (a scope at a time)");
                    let paths = files.iter().map(|p| p.display().to_string()).collect();
                    return render(
                        paths, assessment, None, base, args, targets, color, &profile,
                    );
                }
                // A file only the reference reader accepts: read them all whole.
                None => inputs::load(&files)?.into_iter().unzip(),
            }
        }
        Inputs::Files(files) => inputs::load(&files)?.into_iter().unzip(),
        Inputs::Loaded(paths, snapshots) => (paths, snapshots),
    };
    let joined = Joins {
        directory: &args.directory,
        config: &config,
        targets: &targets,
    };
    let (assessment, identities) =
        assess_loaded(&paths, snapshots, &rules, &opts, &joined, &profile)?;
    render(
        paths, assessment, identities, base, args, targets, color, &profile,
    )
}

/// What reconciliation and the identity map need beside the snapshots.
struct Joins<'a> {
    directory: &'a DirectoryArgs,
    config: &'a Config,
    targets: &'a [outputs::Target],
}

/// Credits, evaluates and decides snapshots held in memory.
fn assess_loaded(
    paths: &[String],
    mut snapshots: Vec<crate::model::Snapshot>,
    rules: &RuleSet,
    opts: &EvalOptions<'_>,
    joins: &Joins<'_>,
    profile: &Profile,
) -> Result<(Assessment, Option<crate::reconcile::IdentityMap>)> {
    let Joins {
        directory,
        config,
        targets,
    } = joins;
    if snapshots.iter().all(|s| s.scopes.is_empty()) {
        bail!("no scopes to assess: the input snapshots contain no accounts, tenants or projects");
    }
    // What organizations provide, credited to their accounts (live and imported alike).
    crate::providers::credit(&mut snapshots);
    // The identity repository (carried by an input snapshot or given with --directory),
    // reconciled with every scope before the rules read the result.
    let repo = load_directory(&snapshots, directory, config)?;
    crate::reconcile::reconcile(&mut snapshots, repo.as_ref(), config);
    let identities = targets
        .iter()
        .any(|t| matches!(t.format, Format::Identities | Format::Html))
        .then(|| crate::reconcile::identity_map(&snapshots, repo.as_ref(), config));
    drop(repo);
    profile.mark("inputs parsed");
    let results = engine::evaluate(&snapshots, rules, opts)?;
    profile.mark("rules evaluated");
    let verdict = verdict::decide(&snapshots, rules, &results);
    profile.mark("verdict");
    let assessment = Assessment::new(paths, &snapshots, rules, results, verdict, opts.today);
    // The raw data is no longer needed; free it before rendering (large estates).
    drop(snapshots);
    profile.mark("assessment built");
    Ok((assessment, identities))
}

/// Writes the reports of an assessment and decides the exit code.
#[allow(clippy::too_many_arguments)]
fn render(
    paths: Vec<String>,
    assessment: Assessment,
    identities: Option<crate::reconcile::IdentityMap>,
    base: Option<crate::results::Assessment>,
    args: AssessOpts,
    targets: Vec<outputs::Target>,
    color: ColorChoice,
    profile: &Profile,
) -> Result<ExitCode> {
    let diff = match (&base, &args.baseline) {
        (Some(old), Some(p)) => Some(baseline::diff(
            &p.display().to_string(),
            old,
            &paths.join(", "),
            &assessment,
        )),
        _ => None,
    };

    for target in &targets {
        let path = target.path.as_ref();
        let text = match target.format {
            Format::Json => {
                write_with(path, |w| report::json::write(&assessment, w))?;
                continue;
            }
            Format::Table => {
                // A file gets colour only when asked for explicitly (--color always).
                let color = match path {
                    None => color.enabled_for(Stream::Stdout),
                    Some(_) => color == ColorChoice::Always,
                };
                let mut text = report::table::render(
                    &assessment,
                    &TableOptions {
                        color,
                        width: term::width(),
                        top: args.top,
                    },
                );
                if let Some(d) = &diff {
                    text.push('\n');
                    text.push_str(&report::diff::render_colored(d, color));
                }
                text
            }
            Format::Sarif => report::sarif::render(&assessment, diff.as_ref()),
            Format::Junit => report::junit::render(&assessment),
            Format::Markdown => report::markdown::render(&assessment, diff.as_ref(), args.top),
            Format::Html => match &identities {
                Some(map) => report::html::render_with_identities(&assessment, diff.as_ref(), map),
                None => report::html::render(&assessment, diff.as_ref()),
            },
            Format::Ocsf => report::ocsf::render(&assessment),
            Format::Identities => report::identities::json(
                identities
                    .as_ref()
                    .expect("the identity map is built when a report needs it"),
            ),
        };
        emit(&text, path)?;
    }
    profile.mark("report written");

    let mut failures = Vec::new();
    if let Some(min) = args.fail_below {
        let below: Vec<String> = assessment
            .verdict
            .scopes
            .iter()
            .filter(|s| s.level < min)
            .map(|s| format!("{} (level {})", s.scope_id, s.level))
            .collect();
        if !below.is_empty() {
            failures.push(format!("below level {min}: {}", below.join(", ")));
        }
    }
    if let Some(d) = &diff {
        for (_, why) in d.triggered(&triggers(&args.fail_on)) {
            failures.push(format!("regression against the baseline: {why}"));
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("idgauge: policy failure: {f}");
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `idgauge diff OLD NEW`.
fn diff_cmd(args: DiffArgs, color: ColorChoice) -> Result<ExitCode> {
    let old = baseline::load(&args.old)?;
    let new = baseline::load(&args.new)?;
    let d = baseline::diff(
        &args.old.display().to_string(),
        &old,
        &args.new.display().to_string(),
        &new,
    );
    let text = match args.format {
        DiffFormat::Table => {
            let color = match &args.output {
                None => color.enabled_for(Stream::Stdout),
                Some(_) => color == ColorChoice::Always,
            };
            report::diff::render_colored(&d, color)
        }
        DiffFormat::Json => d.to_json(),
        DiffFormat::Markdown => report::markdown::render_diff(&d),
    };
    emit(&text, args.output.as_ref())?;
    let fired = d.triggered(&triggers(&args.fail_on));
    if fired.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for (_, why) in &fired {
        eprintln!("idgauge: policy failure: regression: {why}");
    }
    Ok(ExitCode::from(1))
}

/// Progress of a live scan: a spinner with the running call count on a terminal, and with
/// `-v` one line per API call.
#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
struct ScanProgress {
    bar: Option<indicatif::ProgressBar>,
    verbose: bool,
    calls: std::sync::atomic::AtomicU64,
}

#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
impl crate::providers::observer::CallObserver for ScanProgress {
    fn finished(&self, op: &str, status: Option<u16>, latency: std::time::Duration) {
        let n = self
            .calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        if self.verbose {
            let status = status.map_or("no response".to_string(), |s| s.to_string());
            let line = format!(
                "idgauge: {op} {status} {:.0} ms",
                latency.as_secs_f64() * 1e3
            );
            match &self.bar {
                Some(b) => b.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(b) = &self.bar {
            b.set_message(format!("{n} read-only API calls · {op}"));
        }
    }
}

/// A failed collection leaves no spinner behind its error message.
#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
impl Drop for ScanProgress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
impl ScanProgress {
    /// Progress of a live scan of `provider`: a spinner when standard error is a terminal and
    /// `--quiet` was not given.
    fn start(
        provider: &str,
        quiet: bool,
        verbose: bool,
        color: ColorChoice,
    ) -> std::sync::Arc<Self> {
        use std::io::IsTerminal;
        let show = !quiet && std::io::stderr().is_terminal();
        std::sync::Arc::new(ScanProgress {
            bar: show.then(|| spinner(provider, color)),
            verbose,
            calls: Default::default(),
        })
    }

    /// Clears the spinner; prints the collector's warnings (unless `quiet`) and, after a
    /// spinner, a one-line summary: scopes, calls and unavailable sections.
    fn finish(&self, snap: &crate::model::Snapshot, warnings: &[String], quiet: bool) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if !quiet {
            for w in warnings {
                eprintln!("idgauge: warning: {w}");
            }
        }
        if self.bar.is_none() {
            return;
        }
        let calls: u64 = snap.collection.api_calls.values().sum();
        let gaps: usize = snap
            .scopes
            .iter()
            .map(|s| {
                crate::model::SECTION_NAMES
                    .iter()
                    .filter(|n| {
                        s.sections
                            .status(n)
                            .is_some_and(|st| st.unavailable.is_some())
                    })
                    .count()
            })
            .sum();
        eprintln!(
            "idgauge: collected {} scope(s) with {calls} read-only API call(s); {gaps} section(s) unavailable",
            snap.scopes.len()
        );
    }
}

#[cfg(feature = "gcp-live")]
fn collect_gcp(conn: GcpConnArgs, color: ColorChoice) -> Result<crate::model::Snapshot> {
    use crate::providers::gcp::collect;
    let progress = ScanProgress::start("gcp", conn.quiet, conn.verbose, color);
    let token: std::sync::Arc<dyn collect::TokenProvider> =
        match std::env::var("IDGAUGE_GCP_ACCESS_TOKEN") {
            Ok(t) if !t.trim().is_empty() => {
                std::sync::Arc::new(collect::StaticToken(t.trim().to_string()))
            }
            _ => std::sync::Arc::new(collect::AdcToken::new()?),
        };
    let opts = collect::Options {
        organizations: conn.organizations,
        projects: conn.projects,
        customer: conn.customer,
        endpoints: conn
            .endpoint_url
            .as_deref()
            .map_or_else(collect::Endpoints::default, collect::Endpoints::all),
        concurrency: usize::from(conn.concurrency),
        timeout: conn.timeout.attempt,
        observer: Some(progress.clone()),
        ..collect::Options::default()
    };
    let collect::Collected {
        snapshot: snap,
        warnings,
    } = collect::collect_blocking(&opts, token).context("live GCP collection failed")?;
    progress.finish(&snap, &warnings, conn.quiet);
    Ok(snap)
}

#[cfg(feature = "aws-live")]
fn collect_aws(conn: AwsConnArgs, color: ColorChoice) -> Result<crate::model::Snapshot> {
    use crate::providers::aws::collect;
    let progress = ScanProgress::start("aws", conn.quiet, conn.verbose, color);
    let result = collect::collect_blocking(&collect::Options {
        profile: conn.profile,
        regions: conn.regions,
        endpoint_url: conn.endpoint_url,
        observer: Some(progress.clone()),
        org: conn.org.then(|| collect::OrgOptions {
            assume_role: conn.assume_role.clone(),
            concurrency: usize::from(conn.concurrency),
        }),
        timeout: Some(conn.timeout.attempt),
    });
    let collect::Collected {
        snapshot: snap,
        warnings,
    } = result.context("live AWS collection failed")?;
    progress.finish(&snap, &warnings, conn.quiet);
    Ok(snap)
}

/// A spinner on standard error for a live scan of `provider`.
#[cfg(any(feature = "aws-live", feature = "azure-live", feature = "gcp-live"))]
fn spinner(provider: &str, color: ColorChoice) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new_spinner();
    // indicatif styles only what the template asks for: a plain template is no colour.
    let template = if color.enabled_for(Stream::Stderr) {
        format!("{{spinner:.cyan}} {provider}: {{msg}} [{{elapsed:.dim}}]")
    } else {
        format!("{{spinner}} {provider}: {{msg}} [{{elapsed}}]")
    };
    b.set_style(indicatif::ProgressStyle::with_template(&template).expect("static template"));
    b.enable_steady_tick(std::time::Duration::from_millis(120));
    b.set_message("connecting");
    b
}

#[cfg(feature = "azure-live")]
fn collect_azure(conn: AzureConnArgs, color: ColorChoice) -> Result<crate::model::Snapshot> {
    use crate::providers::azure::collect;
    let progress = ScanProgress::start("azure", conn.quiet, conn.verbose, color);
    let kind = match conn.credential {
        AzureCredential::Auto => collect::CredentialKind::Auto,
        AzureCredential::Cli => collect::CredentialKind::Cli,
        AzureCredential::ClientSecret => collect::CredentialKind::ClientSecret,
        AzureCredential::ManagedIdentity => collect::CredentialKind::ManagedIdentity,
        AzureCredential::WorkloadIdentity => collect::CredentialKind::WorkloadIdentity,
    };
    let tokens = collect::AzureIdentityTokens::new(kind, conn.tenant.as_deref())
        .context("Azure credentials")?;
    let result = collect::collect_blocking(
        &collect::Options {
            graph_url: conn.graph_url,
            arm_url: conn.arm_url,
            tenant: conn.tenant,
            subscriptions: conn.subscriptions,
            concurrency: usize::from(conn.concurrency),
            timeout: conn.timeout.attempt,
            observer: Some(progress.clone()),
            ..collect::Options::default()
        },
        std::sync::Arc::new(tokens),
    );
    let collect::Collected {
        snapshot: snap,
        warnings,
    } = result.context("live Azure collection failed")?;
    progress.finish(&snap, &warnings, conn.quiet);
    Ok(snap)
}

/// The identity repository of an assessment: what the input snapshots carry, then each
/// `--directory` source (a live LDAP read or an export file), merged in that order. Exports are
/// read as of the newest input snapshot, so an offline run decides leavers the same way each
/// time.
fn load_directory(
    snapshots: &[crate::model::Snapshot],
    args: &DirectoryArgs,
    config: &Config,
) -> Result<Option<crate::model::Section<crate::model::IdentityRepository>>> {
    use crate::providers::directory;
    let mut sections = crate::reconcile::repository_of(snapshots);
    let as_of = snapshots
        .iter()
        .filter(|s| !s.scopes.is_empty())
        .map(|s| s.collected_at)
        .max()
        .unwrap_or_else(chrono::Utc::now);
    for src in &args.sources {
        let lower = src.to_ascii_lowercase();
        if lower.starts_with("ldap://") || lower.starts_with("ldaps://") {
            #[cfg(feature = "ldap-live")]
            {
                sections.push(read_ldap(src, &args.ldap, config, chrono::Utc::now())?.section);
                continue;
            }
            #[cfg(not(feature = "ldap-live"))]
            bail!("{src}: this idgauge was built without the ldap-live feature; give an LDIF or CSV export instead");
        }
        sections.push(directory::import_file(
            std::path::Path::new(src),
            &config.directory,
            as_of,
        )?);
    }
    Ok(directory::merge_sections(sections))
}

/// Reads a directory live with the bind of `conn`.
#[cfg(feature = "ldap-live")]
fn read_ldap(
    url: &str,
    conn: &LdapConnArgs,
    config: &Config,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::providers::directory::ldap::Read> {
    use crate::providers::directory::ldap;
    let password = match (&conn.bind_password_file, &conn.bind_dn) {
        (Some(f), _) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("{}: cannot read the bind password", f.display()))?
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
        ),
        (None, Some(dn)) => Some(std::env::var("IDGAUGE_LDAP_PASSWORD").map_err(|_| {
            anyhow::anyhow!("--bind-dn {dn} needs a password: set IDGAUGE_LDAP_PASSWORD or give --bind-password-file")
        })?),
        (None, None) => None,
    };
    if !(url.starts_with("ldap://") || url.starts_with("ldaps://")) {
        bail!("{url}: not an LDAP URL (ldap://HOST[:PORT] or ldaps://HOST[:PORT])");
    }
    if conn.tls_no_verify {
        eprintln!("warning: --tls-no-verify: the certificate of {url} is not verified (anyone between here and the directory can read the bind and the people)");
    }
    let opts = ldap::Options {
        url: url.to_string(),
        starttls: conn.starttls,
        insecure_tls: conn.tls_no_verify,
        ca_file: conn
            .ldap_ca_file
            .clone()
            .or_else(|| config.directory.ca_file.clone()),
        bind_dn: conn.bind_dn.clone(),
        password,
        base_dn: conn.base_dn.clone(),
        timeout: std::time::Duration::from_secs(conn.ldap_timeout.max(1)),
    };
    Ok(ldap::read(&opts, &config.directory, now)?)
}

fn rules_cmd(cmd: RulesCommand) -> Result<ExitCode> {
    match cmd {
        RulesCommand::List { format, rules } => {
            let set = RuleSet::load(&rules)?;
            let text = match format {
                ListFormat::Json => {
                    let metas: Vec<_> = set.rules.iter().map(|r| &r.meta).collect();
                    let mut s = serde_json::to_string_pretty(&metas)?;
                    s.push('\n');
                    s
                }
                ListFormat::Table => {
                    let mut t = comfy_table::Table::new();
                    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
                        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                        .set_width(term::width())
                        .set_header(vec!["Id", "Level", "Severity", "Scopes", "Title"]);
                    for r in &set.rules {
                        let kinds: Vec<&str> =
                            r.meta.scope_kinds.iter().map(|k| k.as_str()).collect();
                        t.add_row(vec![
                            r.meta.id.clone(),
                            r.meta.level.to_string(),
                            r.meta.severity.as_str().to_string(),
                            format!("{} {}", r.meta.providers_label(), kinds.join(",")),
                            r.meta.title.clone(),
                        ]);
                    }
                    format!("{t}\n{} rules\n", set.rules.len())
                }
            };
            emit(&text, None)?;
        }
        RulesCommand::Show { id, rules } => {
            let set = RuleSet::load(&rules)?;
            let Some(rule) = set.get(&id) else {
                bail!("no rule with id {id:?}; `idgauge rules list` shows them");
            };
            let m = &rule.meta;
            let kinds: Vec<&str> = m.scope_kinds.iter().map(|k| k.as_str()).collect();
            let source = rule_source(rule)?;
            let text = format!(
                "{id} — {title}\n\nGates level {level} ({lname}); severity {sev}; applies to {prov} {kinds}\nRequires sections: {req}\nDefined in: {path}\n\nWhat it checks\n  {desc}\n\nWhy it matters\n  {why}\n\nHow to fix\n{fix}\n\nReferences\n{refs}\n\nRego source ({path})\n\n{source}{nl}",
                id = m.id,
                title = m.title,
                level = m.level,
                lname = verdict::level_name(m.level),
                sev = m.severity.as_str(),
                prov = m.providers_label(),
                kinds = kinds.join(", "),
                req = m.requires.join(", "),
                path = rule.path,
                desc = m.description,
                why = m.rationale,
                fix = indent(&m.recommendation),
                refs = m.references.iter().map(|r| format!("  - {r}")).collect::<Vec<_>>().join("\n"),
                nl = if source.ends_with('\n') { "" } else { "\n" },
            );
            emit(&text, None)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `IDGAUGE_PROFILE=1`: phase timings on standard error.
struct Profile(Option<std::time::Instant>);

impl Profile {
    fn new() -> Self {
        Profile(std::env::var_os("IDGAUGE_PROFILE").map(|_| std::time::Instant::now()))
    }
    fn mark(&self, what: &str) {
        if let Some(t) = self.0 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let mem: Vec<&str> = status
                .lines()
                .filter(|l| {
                    ["VmRSS", "VmHWM", "RssAnon", "RssFile"]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .collect();
            eprintln!(
                "profile: phase {what} at {:?} {}",
                t.elapsed(),
                mem.join(" ")
            );
        }
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A rule's Rego file: embedded for built-ins (`rules/...`), read from disk for `--rules`.
fn rule_source(rule: &engine::Rule) -> Result<String> {
    if rule.builtin {
        return engine::rules::builtin_source(&rule.path)
            .map(str::to_string)
            .with_context(|| format!("{}: not in the built-in catalogue", rule.path));
    }
    std::fs::read_to_string(&rule.path).with_context(|| format!("{}: cannot read", rule.path))
}

/// The text of an error and its causes, as `main` prints it: each cause once. thiserror
/// messages often embed their source (`{path}: cannot read: {source}`) while also exposing it
/// as the cause, which `{:#}` would print a second time.
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let c = cause.to_string();
        if c.is_empty() || text.contains(&c) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&c);
    }
    text
}

/// Streams output produced by `f` to FILE or standard output, buffered.
fn write_with(
    path: Option<&PathBuf>,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let result = match path {
        Some(p) => {
            let file = std::fs::File::create(p)
                .with_context(|| format!("{}: cannot write", p.display()))?;
            let mut w = std::io::BufWriter::new(file);
            f(&mut w).and_then(|_| w.flush())
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            f(&mut w).and_then(|_| w.flush())
        }
    };
    match result {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write the report"),
    }
}

fn emit(text: &str, path: Option<&PathBuf>) -> Result<()> {
    match path {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("{}: cannot write", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.context("cannot write to standard output"),
            }
        }
    }
}

#[cfg(all(test, feature = "aws-live"))]
mod region_tests {
    use super::region_name;

    #[test]
    fn region_names_of_every_partition_are_accepted() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "ap-southeast-7",
            "us-gov-west-1",
            "cn-north-1",
            "il-central-1",
            "us-isob-east-1",
        ] {
            assert_eq!(region_name(ok).as_deref(), Ok(ok));
        }
        for bad in [
            "us-east1",
            "",
            "US-EAST-1",
            "east-1",
            "us-east-",
            "u-east-1",
        ] {
            assert!(region_name(bad).is_err(), "{bad}");
        }
    }
}
