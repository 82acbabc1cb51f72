//! Telemetry for the demo world's employees: osquery results logs from their laptops and the
//! GitHub organisation audit log. Hired operators show endpoint tactics (an IP-KVM, two
//! remote-access tools, Chrome Remote Desktop set up unattended, Astrill, a VM on a personal
//! device, a mouse jiggler, bulk repository copies before leaving). Innocent look-alikes show the
//! same kinds of things for honest reasons: IT admins running the company's sanctioned remote
//! support tools, people with an ordinary desk KVM switch, developers running VirtualBox on real
//! hardware, embedded engineers whose development board enumerates as the bare Linux USB gadget
//! (`1d6b:0104`, the id a PiKVM also shows), and IT admins running a remote-access tool nobody
//! declared sanctioned.
//!
//! Drawn from its own random stream, so adding telemetry changes nothing else in the world.

use crate::formats::json;
use crate::world::{Built, Ref, DAY, NOW};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// Tactic names, as `truth.json` lists them per operator employee.
pub const TACTICS: [&str; 7] = [
    "ip_kvm",
    "remote_access_tools",
    "crd_unattended",
    "astrill",
    "vm_byod",
    "mouse_jiggler",
    "bulk_clone",
];

/// What the generator planted, by record index.
pub struct Planted {
    /// Operator employees and their tactics.
    pub tactics: Vec<(usize, Vec<&'static str>)>,
    /// Innocent look-alike employees by kind (`sanctioned_rmm`, `kvm_switch`, `vm_user`,
    /// `linux_gadget`, `unsanctioned_rmm`).
    pub lookalikes: Vec<(&'static str, Vec<Ref>)>,
}

pub struct Telemetry {
    pub osquery: String,
    pub github_audit: String,
    pub planted: Planted,
    pub signins: crate::signins::SignIns,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    Operator,
    SanctionedRmm,
    KvmSwitch,
    VmUser,
    LinuxGadget,
    UnsanctionedRmm,
}

struct Host<'a> {
    serial: &'a str,
    hostname: String,
    login: String,
    github: Option<String>,
    /// The window telemetry covers: 20 days up to now or to the termination.
    start: i64,
    end: i64,
    terminated: bool,
}

pub fn generate(built: &Built, seed: u64) -> Telemetry {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7e1e_3e7f_0000_0005);
    let operator_emps: Vec<usize> = built
        .people
        .iter()
        .filter(|(op, _)| *op)
        .flat_map(|(_, refs)| refs.iter())
        .filter_map(|r| match r {
            Ref::Emp(e) => Some(*e),
            Ref::Cand(_) => None,
        })
        .collect();
    let mut roles = vec![Role::Plain; built.employees.len()];
    for &e in &operator_emps {
        roles[e] = Role::Operator;
    }
    // Employees already in a look-alike of the world (office staff, families, hires under a
    // related name...) get no second role, so each kind's flag rate is its own.
    let in_lookalike: std::collections::HashSet<Ref> = built
        .lookalikes
        .iter()
        .flat_map(|(_, refs)| refs.iter().copied())
        .collect();
    let mut busy = vec![false; built.employees.len()];
    for (_, refs) in &built.people {
        if refs.iter().any(|r| in_lookalike.contains(r)) {
            for r in refs {
                if let Ref::Emp(e) = r {
                    busy[*e] = true;
                }
            }
        }
    }
    // Look-alikes among ordinary employees: three of each kind per 60 employees or so.
    let mut plain: Vec<usize> = (0..built.employees.len())
        .filter(|&e| {
            roles[e] == Role::Plain && !busy[e] && built.employees[e].termination.is_none()
        })
        .collect();
    plain.shuffle(&mut rng);
    let per_kind = (built.employees.len() / 20).clamp(2, 60);
    let mut lookalikes = Vec::new();
    // Embedded engineers and admins with an undeclared tool are rarer: half as many.
    let fewer = per_kind.div_ceil(2);
    for (kind, role, n) in [
        ("sanctioned_rmm", Role::SanctionedRmm, per_kind),
        ("kvm_switch", Role::KvmSwitch, per_kind),
        ("vm_user", Role::VmUser, per_kind),
        ("linux_gadget", Role::LinuxGadget, fewer),
        ("unsanctioned_rmm", Role::UnsanctionedRmm, fewer),
    ] {
        let chosen: Vec<usize> = plain.drain(..n.min(plain.len())).collect();
        for &e in &chosen {
            roles[e] = role;
        }
        lookalikes.push((kind, chosen.into_iter().map(Ref::Emp).collect()));
    }

    let mut osquery = String::new();
    let mut audit: Vec<(i64, String)> = Vec::new();
    let mut tactics = Vec::new();
    let repos: Vec<String> = (0..40)
        .map(|i| format!("acme-corp/{}", REPO_NAMES[i % REPO_NAMES.len()]))
        .enumerate()
        .map(|(i, r)| {
            if i < REPO_NAMES.len() {
                r
            } else {
                format!("{r}-{i}")
            }
        })
        .collect();
    let github = |e: usize| {
        built.candidates[built.employees[e].candidate]
            .socials
            .iter()
            .find_map(|s| github_handle(s))
    };
    let signins = crate::signins::generate(built, seed, &plain, &github, &repos);
    audit.extend(signins.audit.iter().cloned());
    for (e, emp) in built.employees.iter().enumerate() {
        let cand = &built.candidates[emp.candidate];
        let end = emp.termination.unwrap_or(NOW).min(NOW);
        let login = emp
            .work_email
            .split('@')
            .next()
            .unwrap_or("user")
            .to_string();
        let host = Host {
            serial: &emp.device.serial,
            hostname: format!("{}-laptop", login.replace('.', "-")),
            login,
            github: cand.socials.iter().find_map(|s| github_handle(s)),
            start: end - 20 * DAY,
            end,
            terminated: emp.termination.is_some(),
        };
        let planted: Vec<&'static str> = match roles[e] {
            Role::Operator => pick_tactics(&mut rng, host.terminated && host.github.is_some()),
            _ => Vec::new(),
        };
        if roles[e] == Role::Operator {
            tactics.push((e, planted.clone()));
        }
        host_logs(&mut rng, &host, roles[e], &planted, &mut osquery);
        if let Some(handle) = &host.github {
            code_access(&mut rng, &host, handle, &planted, &repos, &mut audit);
        }
    }
    audit.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let github_audit: String = audit.into_iter().map(|(_, l)| l + "\n").collect();
    Telemetry {
        osquery,
        github_audit,
        planted: Planted {
            tactics,
            lookalikes,
        },
        signins,
    }
}

/// Remote-access tools IT admins run without a `[[sanctioned]]` entry: (program, version,
/// publisher, image path, command line).
const UNSANCTIONED_RMM: [(&str, &str, &str, &str, &str); 3] = [
    (
        "Splashtop Streamer",
        "3.7.2.4",
        "Splashtop Inc.",
        "C:\\Program Files (x86)\\Splashtop\\Splashtop Remote\\Server\\SRServer.exe",
        "SRServer.exe",
    ),
    (
        "ScreenConnect Client (4f2a9c7e1b3d5a60)",
        "24.2.3.8856",
        "ConnectWise, LLC",
        "C:\\Program Files (x86)\\ScreenConnect Client (4f2a9c7e1b3d5a60)\\ScreenConnect.ClientService.exe",
        "ScreenConnect.ClientService.exe \"?e=Access&y=Guest&h=support.acme-corp.example&p=8041\"",
    ),
    (
        "AnyDesk",
        "8.1.0",
        "AnyDesk Software GmbH",
        "C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe",
        "AnyDesk.exe --service",
    ),
];

const REPO_NAMES: [&str; 20] = [
    "payments",
    "ledger",
    "web",
    "mobile",
    "infra",
    "auth",
    "search",
    "billing",
    "catalog",
    "notifications",
    "reporting",
    "gateway",
    "ml-models",
    "data-pipeline",
    "admin",
    "docs",
    "sdk",
    "cli",
    "design-system",
    "terraform",
];

fn github_handle(url: &str) -> Option<String> {
    let i = url.to_ascii_lowercase().find("github.com/")?;
    let rest = &url[i + "github.com/".len()..];
    let handle = rest.trim_end_matches('/').split('/').next()?;
    (!handle.is_empty()).then(|| handle.to_ascii_lowercase())
}

/// One to three tactics per operator employee; bulk copies only for those who left.
fn pick_tactics(rng: &mut ChaCha8Rng, can_bulk_clone: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let n = rng.gen_range(1..=3);
    let pool: Vec<&'static str> = TACTICS
        .iter()
        .copied()
        .filter(|t| *t != "bulk_clone" || can_bulk_clone)
        .collect();
    while out.len() < n {
        let t = pool[rng.gen_range(0..pool.len())];
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if can_bulk_clone && !out.contains(&"bulk_clone") && rng.gen_bool(0.5) {
        out.push("bulk_clone");
    }
    out
}

/// `Mon Mar  2 10:00:00 2026 UTC`, as osquery's `calendarTime`.
fn calendar(secs: i64) -> String {
    (chrono::DateTime::UNIX_EPOCH + chrono::TimeDelta::seconds(secs))
        .format("%a %b %e %H:%M:%S %Y UTC")
        .to_string()
}

fn result_line(name: &str, host: &Host<'_>, t: i64, body: Value) -> String {
    let mut line = json!({
        "name": name,
        "hostIdentifier": host.serial,
        "calendarTime": calendar(t),
        "unixTime": t,
        "epoch": 0,
        "counter": 0,
        "numerics": false,
        "decorations": {"hostname": host.hostname, "hardware_serial": host.serial, "platform": "windows"},
    });
    if let (Value::Object(l), Value::Object(b)) = (&mut line, body) {
        l.extend(b);
    }
    json(&line, false) + "\n"
}

fn work_hours(rng: &mut ChaCha8Rng, host: &Host<'_>, day: i64) -> i64 {
    let day = day.clamp(0, 19);
    host.start + day * DAY + rng.gen_range(9 * 3600..18 * 3600)
}

fn host_logs(
    rng: &mut ChaCha8Rng,
    host: &Host<'_>,
    role: Role,
    tactics: &[&str],
    out: &mut String,
) {
    let has = |t: &str| tactics.contains(&t);
    // system_info once.
    let (vendor, model) = if has("vm_byod") {
        ("innotek GmbH", "VirtualBox")
    } else {
        *[
            ("LENOVO", "21CB0045US"),
            ("Dell Inc.", "Latitude 7440"),
            ("HP", "HP EliteBook 840 G10"),
        ]
        .choose(rng)
        .unwrap_or(&("LENOVO", "21CB0045US"))
    };
    out.push_str(&result_line(
        "pack_unmask_system_info",
        host,
        host.start + 3600,
        json!({"action": "snapshot", "snapshot": [{
            "hostname": host.hostname, "computer_name": host.hostname,
            "hardware_vendor": vendor, "hardware_model": model,
            "hardware_serial": if has("vm_byod") { "0" } else { host.serial },
            "cpu_brand": "Intel(R) Core(TM) i7-1365U", "physical_memory": "17179869184",
        }]}),
    ));
    // USB devices.
    let mut usb = vec![
        json!({"vendor": "Logitech", "vendor_id": "046d", "model": "USB Receiver",
        "model_id": "c52b", "serial": "", "class": "0", "removable": "1"}),
    ];
    if has("ip_kvm") {
        usb.push(
            json!({"vendor": "PiKVM", "vendor_id": "1d6b", "model": "PiKVM Composite Device",
            "model_id": "0104", "serial": "CAFEBABE", "class": "0", "removable": "1"}),
        );
    }
    if has("mouse_jiggler") {
        usb.push(
            json!({"vendor": "Jiggler", "vendor_id": "1a86", "model": "Mouse Jiggler MJ-3",
            "model_id": "e026", "serial": "", "class": "0", "removable": "1"}),
        );
    }
    if role == Role::KvmSwitch {
        usb.push(json!({"vendor": "ATEN International Co., Ltd", "vendor_id": "0557",
            "model": "CS1922 KVM Switch", "model_id": "2419", "serial": "", "class": "0", "removable": "1"}));
        usb.push(json!({"vendor": "ATEN International Co., Ltd", "vendor_id": "0557",
            "model": "CS1922 Keyboard", "model_id": "2213", "serial": "", "class": "0", "removable": "1"}));
    }
    if role == Role::LinuxGadget {
        // A board running the Linux composite gadget driver, with the probes that go with it.
        usb.push(json!({"vendor": "Linux Foundation", "vendor_id": "1d6b",
            "model": "Multifunction Composite Gadget", "model_id": "0104",
            "serial": format!("{:016x}", rng.gen::<u64>()), "class": "239", "removable": "1"}));
        usb.push(json!({"vendor": "STMicroelectronics", "vendor_id": "0483",
            "model": "ST-LINK/V2.1", "model_id": "374b", "serial": format!("{:024X}", rng.gen::<u128>() >> 32),
            "class": "239", "removable": "1"}));
        usb.push(json!({"vendor": "Future Technology Devices International, Ltd", "vendor_id": "0403",
            "model": "FT232 Serial (UART) IC", "model_id": "6001", "serial": format!("A{:07X}", rng.gen_range(0..0x1000_0000u32)),
            "class": "0", "removable": "1"}));
    }
    out.push_str(&result_line(
        "pack_unmask_usb_devices",
        host,
        host.start + 2 * 3600,
        json!({"action": "snapshot", "snapshot": usb}),
    ));
    // Installed programs.
    let mut programs = vec![
        json!({"name": "Slack", "version": "4.41.105", "publisher": "Slack Technologies Inc."}),
        json!({"name": "Zoom Workplace", "version": "6.2.5", "publisher": "Zoom Video Communications, Inc."}),
        json!({"name": "Cisco Secure Client", "version": "5.1.4.74", "publisher": "Cisco Systems, Inc."}),
    ];
    if has("astrill") {
        programs.push(json!({"name": "Astrill VPN", "version": "3.10.0", "publisher": "Astrill Systems Corp"}));
    }
    if role == Role::SanctionedRmm {
        programs.push(
            json!({"name": "NinjaRMMAgent", "version": "5.9.1", "publisher": "NinjaOne LLC"}),
        );
        programs.push(json!({"name": "TeamViewer", "version": "15.58.4", "publisher": "TeamViewer Germany GmbH"}));
    }
    if role == Role::VmUser {
        programs.push(json!({"name": "Oracle VirtualBox 7.1.4", "version": "7.1.4", "publisher": "Oracle Corporation"}));
    }
    let rmm = (role == Role::UnsanctionedRmm)
        .then(|| *UNSANCTIONED_RMM.choose(rng).unwrap_or(&UNSANCTIONED_RMM[0]));
    if let Some((name, version, publisher, _, _)) = rmm {
        programs.push(json!({"name": name, "version": version, "publisher": publisher}));
    }
    out.push_str(&result_line(
        "pack_unmask_programs",
        host,
        host.start + 3 * 3600,
        json!({"action": "snapshot", "snapshot": programs}),
    ));
    // Processes: ordinary work, then the planted ones.
    let mut procs: Vec<(i64, &str, String)> = Vec::new();
    for day in 0..20 {
        if rng.gen_bool(0.6) {
            let (path, cmd) = *[
                (
                    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                    "chrome.exe",
                ),
                (
                    "C:\\Users\\{u}\\AppData\\Local\\slack\\slack.exe",
                    "slack.exe",
                ),
                (
                    "C:\\Users\\{u}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
                    "Code.exe .",
                ),
            ]
            .choose(rng)
            .unwrap_or(&("C:\\Windows\\explorer.exe", "explorer.exe"));
            procs.push((work_hours(rng, host, day), path, cmd.to_string()));
        }
    }
    let d = rng.gen_range(2..8);
    if has("remote_access_tools") {
        procs.push((
            work_hours(rng, host, d),
            "C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe",
            "AnyDesk.exe --service".into(),
        ));
        procs.push((
            work_hours(rng, host, d + 3),
            "C:\\Users\\{u}\\Downloads\\rustdesk.exe",
            "rustdesk.exe --silent-install".into(),
        ));
    }
    if has("crd_unattended") {
        procs.push((
            work_hours(rng, host, d + 1),
            "C:\\Program Files (x86)\\Google\\Chrome Remote Desktop\\CurrentVersion\\remoting_start_host.exe",
            format!("remoting_start_host.exe --code=\"4/0Ae{}\" --redirect-url=\"https://remotedesktop.google.com/_/oauthredirect\" --name={} --pin={:06}", rng.gen_range(1000..9999), host.hostname, rng.gen_range(0..1_000_000)),
        ));
    }
    if has("astrill") {
        procs.push((
            work_hours(rng, host, d),
            "C:\\Program Files (x86)\\Astrill\\astrill.exe",
            "astrill.exe".into(),
        ));
    }
    if has("mouse_jiggler") && rng.gen_bool(0.5) {
        procs.push((
            work_hours(rng, host, d),
            "C:\\Users\\{u}\\AppData\\Local\\MouseJiggler\\MouseJiggler.exe",
            "MouseJiggler.exe -j -z".into(),
        ));
    }
    match role {
        Role::SanctionedRmm => {
            procs.push((
                work_hours(rng, host, d),
                "C:\\Program Files (x86)\\NinjaRMMAgent\\NinjaRMMAgent.exe",
                "NinjaRMMAgent.exe".into(),
            ));
            procs.push((
                work_hours(rng, host, d + 2),
                "C:\\Program Files\\TeamViewer\\TeamViewer.exe",
                "TeamViewer.exe".into(),
            ));
        }
        Role::VmUser => procs.push((
            work_hours(rng, host, d),
            "C:\\Program Files\\Oracle\\VirtualBox\\VirtualBoxVM.exe",
            "VirtualBoxVM.exe --startvm dev-ubuntu".into(),
        )),
        Role::UnsanctionedRmm => {
            if let Some((_, _, _, path, cmd)) = rmm {
                procs.push((work_hours(rng, host, d), path, cmd.to_string()));
            }
            procs.push((
                work_hours(rng, host, d + 1),
                "C:\\Windows\\System32\\mstsc.exe",
                "mstsc.exe /v:fileserver01.corp.acme-corp.example".into(),
            ));
        }
        _ => {}
    }
    procs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    for (i, (t, path, cmd)) in procs.into_iter().enumerate() {
        let path = path.replace("{u}", &host.login);
        let name = path.rsplit('\\').next().unwrap_or(&path).to_string();
        out.push_str(&result_line(
            "pack_unmask_processes",
            host,
            t,
            json!({"action": "added", "columns": {
                "pid": (4000 + i * 17).to_string(), "parent": "1200", "name": name, "path": path,
                "cmdline": cmd, "uid": "1001", "username": host.login,
            }}),
        ));
    }
}

fn code_access(
    rng: &mut ChaCha8Rng,
    host: &Host<'_>,
    handle: &str,
    tactics: &[&str],
    repos: &[String],
    out: &mut Vec<(i64, String)>,
) {
    let mine: Vec<&String> = repos.choose_multiple(rng, 3).collect();
    let ip = format!("198.51.100.{}", rng.gen_range(2..250));
    let mut push = |t: i64, action: &str, repo: &str| {
        out.push((
            t,
            json(
                &json!({"@timestamp": t * 1000, "action": action, "actor": handle,
                    "actor_ip": ip, "org": "acme-corp", "repo": repo,
                    "transport_protocol_name": "ssh", "business": "acme"}),
                false,
            ),
        ));
    };
    for day in 0..20 {
        if rng.gen_bool(0.3) {
            let repo = mine
                .choose(rng)
                .map(|r| r.as_str())
                .unwrap_or("acme-corp/web");
            push(work_hours(rng, host, day), "git.clone", repo);
        }
    }
    if tactics.contains(&"bulk_clone") {
        let n = rng.gen_range(14..25).min(repos.len());
        let base = host.end - DAY + 3600;
        for (i, repo) in repos.choose_multiple(rng, n).enumerate() {
            let action = if i % 3 == 0 {
                "repo.download_zip"
            } else {
                "git.clone"
            };
            push(base + (i as i64) * 600, action, repo);
        }
    }
}
