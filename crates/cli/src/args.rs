//! Command-line arguments. Verb names and flags are a promise to users: keep them stable.

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "unmask",
    version,
    about = "Find DPRK IT-worker personas in hiring, HR and device exports"
)]
pub struct Cli {
    /// SQLite database file [default: unmask.db; for `demo`, OUT/unmask.db]
    #[arg(long, global = true, env = "UNMASK_DB")]
    pub db: Option<String>,
    /// Settings file (default region, known-benign shared artifacts); `unmask.toml` when present
    #[arg(long, global = true, env = "UNMASK_CONFIG")]
    pub config: Option<String>,
    /// Analysis time, RFC 3339 (threat-intel validity windows are judged at it) [default: now]
    #[arg(long, global = true, env = "UNMASK_AS_OF")]
    pub as_of: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write a synthetic company with planted operators and ground truth
    Generate(Generate),
    /// Generate a world, ingest it, analyse it and write the HTML report, in one go
    Demo(Demo),
    /// Import files: greenhouse, references, payroll, devices, csv --mapping FILE, or threat
    /// intelligence: stix, misp, misp-warninglist (new intel is hunted over everything stored)
    Ingest(Ingest),
    /// Analyse everything imported: shared artifacts, persona clusters, the identity graph,
    /// threat intelligence, Sigma rules over telemetry, risk
    Analyze(AnalyzeArgs),
    /// List subjects with their risk
    Subjects(Subjects),
    /// List the offices and corporate egress inferred from the data, with their evidence
    Context(ContextArgs),
    /// Show one subject's findings and evidence
    Show(Show),
    /// Print the analysis in the JSON export contract, or as a STIX 2.1 bundle
    Export(Export),
    /// Write the HTML report
    Report(Report),
    /// Score the analysis against a generated world's truth.json
    Eval(Eval),
    /// Probabilistic record linkage on any CSV: dedupe one file or link two
    Link(Link),
    /// Print a subject's neighbourhood in the identity graph (JSON or Graphviz DOT)
    Graph(GraphArgs),
    /// Check Sigma rule folders: `rules lint DIR...`, `rules test DIR...`
    Rules(RulesArgs),
    /// Run Sigma rules over log files or folders without importing them
    Hunt(HuntArgs),
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// More Sigma rule folders to run over the stored telemetry (repeatable), besides the
    /// built-in pack
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<String>,
    /// Leave out unmask's built-in rule pack
    #[arg(long)]
    pub no_pack: bool,
}

#[derive(Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Load every rule under the folders and list what does not load, with the reason
    Lint {
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<String>,
    },
    /// Run each rule's test events (`NAME.tests.json` beside `NAME.yml`)
    Test {
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<String>,
    },
}

#[derive(Args)]
pub struct HuntArgs {
    /// Sigma rule folder (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<String>,
    /// Also run unmask's built-in rule pack
    #[arg(long)]
    pub pack: bool,
    /// The files' format (evtx, osquery, okta, entra, github-audit) when it cannot be told from
    /// the file
    #[arg(long, value_name = "FORMAT")]
    pub input: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Files or folders (folders are searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    Json,
    Dot,
}

#[derive(Args)]
pub struct GraphArgs {
    /// Subject reference, e.g. `greenhouse:1042` or `employee:E-0007`
    #[arg(value_name = "REF")]
    pub subject: String,
    /// Steps from the subject (a subject to its email is one step, to another holder two)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=6))]
    pub depth: u32,
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    pub format: GraphFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Args)]
pub struct Generate {
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Size multiplier: scale 1 is about 400 candidates
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub scale: u32,
    #[arg(long)]
    pub out: String,
    /// Write `unmask.toml` without the defender's declarations (no benign agency or office, no
    /// sanctioned tools, no declared trips) and intel without the operators' VPN; only the
    /// offline IP enrichment stays
    #[arg(long)]
    pub no_declarations: bool,
}

#[derive(Args)]
pub struct Demo {
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub scale: u32,
    /// Folder for the generated files, the database (unless --db is given) and report.html
    #[arg(long, default_value = "unmask-demo")]
    pub out: String,
    /// Generate the world without the defender's declarations (see `generate --help`)
    #[arg(long)]
    pub no_declarations: bool,
}

#[derive(Args)]
pub struct Ingest {
    /// greenhouse | greenhouse-applications | greenhouse-sources | greenhouse-users | references | payroll | devices | csv | stix | misp | misp-warninglist | okta | entra | github-audit | osquery | evtx
    pub format: String,
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Column mapping for the generic `csv` format
    #[arg(long)]
    pub mapping: Option<String>,
    /// Reject a file when any value in it has to be skipped
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args)]
pub struct Subjects {
    /// Only subjects at or above this risk
    #[arg(long, default_value_t = 0)]
    pub min_risk: u8,
    /// Only subjects with a finding of this kind
    #[arg(long)]
    pub finding: Option<String>,
    /// candidate | employee
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Args)]
pub struct Show {
    /// A subject ref such as `greenhouse:4000123` or `employee:E00042`
    pub subject: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// The JSON export contract
    Json,
    /// A STIX 2.1 bundle of the high-risk personas' shareable identifiers, for an ISAC
    Stix,
}

/// Traffic Light Protocol levels; `clear` is TLP 2.0's name for TLP 1.0 `white`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Tlp {
    Clear,
    White,
    Green,
    Amber,
    Red,
}

#[derive(Args)]
pub struct Export {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// STIX: how recipients may share the bundle (required with `--format stix`)
    #[arg(long, value_enum)]
    pub tlp: Option<Tlp>,
    /// STIX: name of your organisation, the identity that creates every object [default: unmask]
    #[arg(long)]
    pub producer: Option<String>,
    /// STIX: export clusters with a member at this risk or above, and lone subjects at it
    /// [default: 70]
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub min_risk: Option<u8>,
}

#[derive(Args)]
pub struct ContextArgs {
    /// Also list shared addresses the data says nothing clear about
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Args)]
pub struct Report {
    /// Where to write the self-contained HTML report
    #[arg(long)]
    pub html: String,
}

#[derive(Args)]
pub struct Eval {
    /// The truth.json written by `unmask generate`
    #[arg(long)]
    pub truth: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Args)]
pub struct Link {
    /// Linkage settings: id column, comparisons, blocking rules, threshold
    #[arg(long)]
    pub config: String,
    /// One CSV to dedupe, or two to link
    #[arg(required = true, num_args = 1..=2)]
    pub data: Vec<String>,
    /// Folder for pairs.csv and clusters.csv
    #[arg(long)]
    pub out: Option<String>,
    /// Known links (`left_id,right_id` CSV) to score against
    #[arg(long)]
    pub truth: Option<String>,
    /// Print the estimated weights and the evidence behind the largest clusters
    #[arg(long)]
    pub explain: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}
