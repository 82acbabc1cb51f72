#!/usr/bin/env python3
"""Fit unmask's risk model (crates/scoring/model.toml) on labelled worlds; check it on others.

Standard library only. Each world is an export (`unmask export --format json`) and its truth:
either a world from `unmask generate` (its truth.json has `clusters` with `operator`) or a world
whose truth.json has `candidates`/`employees` with a `label` per id. Truth is read here, in the
evaluation tooling, never by unmask's analysis.

    fit.py --fit EXPORT:TRUTH [...] --check EXPORT:TRUTH [...] [--out crates/scoring/model.toml]
    fit.py --report EXPORT:TRUTH [...]      # reliability of the risks an export already holds

The model: per subject, each finding kind counts once at its strongest severity, worth a
non-negative log-odds weight `kind/severity`; the kinds of one family (correlated views of one
fact) add up to the family's cap and no further; plus a prior per subject class; risk is
100 * logistic(sum). Weights and caps are fitted jointly by L2-regularised maximum likelihood
(Adam, projected so weights stay >= 0), on distinct finding patterns with their counts.
"""

import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict

SEVERITIES = ["info", "low", "medium", "high", "critical"]

# Families: correlated views of one fact. A new finding kind belongs here when it restates a
# fact another kind already counts.
FAMILIES = {
    "identity": (
        "identifiers, names and text shared with other records (one persona behind many)",
        ["shared_identifier", "persona_cluster", "probable_persona_link",
         "shared_reference_contact", "self_reference", "contact_hub", "shared_hub"],
    ),
    "references": (
        "reference checks: vouching rings, made-up or mismatched referees",
        ["mutual_vouching", "fabricated_reference", "vouched_by_persona",
         "reference_contact_mismatch", "shared_reference", "relative_reference"],
    ),
    "intel": ("threat-intelligence matches", ["intel_match", "intel_match_listed"]),
    "address": (
        "one postal address serving several people (ship-to, home)",
        ["laptop_farm", "shared_ship_to_address", "shared_home_address"],
    ),
    "payout": ("one bank account paid for several people", ["payout_hub", "shared_payout_account"]),
    "egress": (
        "where sign-ins come from: shared, anonymising or known-bad networks, VPN clients",
        ["shared_egress", "known_bad_egress", "anonymizer_egress",
         "rule:unmask_vpn_client_astrill", "rule:unmask_vpn_client_installed"],
    ),
    "location": (
        "claimed place against sign-ins and delivery",
        ["signin_location_mismatch", "device_location_mismatch", "impossible_travel"],
    ),
    "hours": ("working hours and session shape", ["offhours_profile", "long_session"]),
    "shared_device": ("one device or MFA factor used by several people",
                      ["shared_device", "shared_mfa_device"]),
    "remote_control": (
        "remote control of the company laptop: IP-KVM, remote-access tools, jigglers",
        ["rule:unmask_ip_kvm_usb_device", "rule:unmask_ip_kvm_spoofed_keyboard",
         "rule:unmask_remote_access_tool", "rule:unmask_two_remote_access_tools",
         "rule:unmask_chrome_remote_desktop_unattended", "rule:unmask_mouse_jiggler",
         "rule:unmask_mouse_jiggler_software", "rule:unmask_usb_composite_gadget"],
    ),
    "virtualisation": ("virtual machines on the work device",
                       ["rule:unmask_virtual_machine_device", "rule:unmask_hypervisor_started"]),
    "exfiltration": (
        "bulk access to code",
        ["pre_termination_bulk_access", "bulk_code_access", "rule:unmask_bulk_repository_copy",
         "rule:unmask_repository_clone"],
    ),
    "association": ("close ties to a high-risk person", ["associated_with_high_risk"]),
    "payroll": ("payroll identity against the hired candidate", ["hired_name_mismatch"]),
}
FAMILY_OF = {k: f for f, (_, ks) in FAMILIES.items() for k in ks}

# For kinds the model has never seen (a company's own Sigma rules, mostly about employees): the
# risk one such finding gives an employee alone, by severity; written as log-odds over the prior.
DEFAULT_ALONE = {"low": 0.02, "medium": 0.2, "high": 0.5, "critical": 0.8}

# Evidence that must reach risk 70 alone, whatever the training worlds hold: the weight is at
# least logit(0.72) minus the prior of the subject class it applies to.
DECISIVE = {
    # An identity value (email, phone, handle, account) on a threat-intelligence indicator.
    "intel_match/high": "candidate",
    "intel_match/critical": "candidate",
    # Default IP-KVM ids or product strings (PiKVM, TinyPilot, JetKVM) on the company laptop.
    "rule:unmask_ip_kvm_usb_device/high": "employee",
    # One address receiving devices for people who claim homes elsewhere.
    "laptop_farm/critical": "employee",
    # One bank account receiving the pay of several households.
    "payout_hub/high": "employee",
}


# A check's severity is its own claim of how much one finding shows; the fit may weigh a kind
# lower than that, never higher. Alone, a low finding stays at or under risk 15 and a medium one
# at or under 45 (high and critical are bounded by the data only).
CEILING = {"low": 0.15, "medium": 0.45}


def load_world(spec):
    export_path, truth_path = spec.split(":", 1)
    export = json.load(open(export_path))
    truth = json.load(open(truth_path))
    labels = {}
    if "clusters" in truth and "candidates" not in truth:
        for c in truth["clusters"]:
            if c.get("operator"):
                for m in c["members"]:
                    labels[m] = 1
    else:
        for cid, x in truth["candidates"].items():
            labels["greenhouse:" + cid] = int(x["label"] == "operator")
        for eid, x in truth["employees"].items():
            labels["employee:" + eid] = int(x["label"] == "operator")
    rows = []
    for s in export["subjects"]:
        strongest = {}
        # The contributions already pool one person's records (candidate and employee) and
        # keep each kind once at its strongest severity, as the scorer does.
        if s.get("contributions"):
            for c in s["contributions"]:
                if c.get("severity"):
                    strongest[c["kind"]] = SEVERITIES.index(c["severity"])
        else:
            for f in s["findings"]:
                sev = SEVERITIES.index(f["severity"])
                if sev > 0:
                    strongest[f["kind"]] = max(strongest.get(f["kind"], 0), sev)
        feats = tuple(sorted(f"{k}/{SEVERITIES[v]}" for k, v in strongest.items()))
        rows.append((s["kind"], feats, labels.get(s["ref"], 0), s["risk"]))
    return spec, rows


def fam(key):
    kind = key.rsplit("/", 1)[0]
    return FAMILY_OF.get(kind, kind)


class Model:
    def __init__(self, keys):
        self.b = {"candidate": -4.0, "employee": -4.0}
        self.w = {k: 0.5 for k in keys}
        self.cap = {f: 8.0 for f in set(fam(k) for k in keys)}

    def weight(self, key, cls="employee"):
        if key in self.w:
            return self.w[key]
        p = DEFAULT_ALONE.get(key.rsplit("/", 1)[1])
        return 0.0 if p is None else max(0.0, math.log(p / (1 - p)) - self.b[cls])

    def z(self, cls, feats):
        by = defaultdict(float)
        for k in feats:
            by[fam(k)] += self.weight(k, cls)
        return self.b[cls] + sum(min(s, self.cap.get(f, math.inf)) for f, s in by.items())

    def p(self, cls, feats):
        return 1.0 / (1.0 + math.exp(-self.z(cls, feats)))


def floors(model):
    out = {}
    for key, cls in DECISIVE.items():
        out[key] = math.log(0.72 / 0.28) - model.b[cls]
    return out


def ceilings(model, key_class):
    out = {}
    for key, cls in key_class.items():
        p = CEILING.get(key.rsplit("/", 1)[1])
        if p is not None:
            out[key] = max(0.0, math.log(p / (1 - p)) - model.b[cls])
    return out


def marginal(rows):
    """Each key's log-likelihood ratio on its own (operators against innocents of the subject
    class it occurs in most), smoothed, floored at 0: the prior mean of its weight."""
    n = Counter((cls, y) for cls, _, y, _ in rows)
    hits = Counter((k, cls, y) for cls, feats, y, _ in rows for k in feats)
    out = {}
    for k in {k for _, feats, _, _ in rows for k in feats}:
        cls = max(("candidate", "employee"), key=lambda c: hits[(k, c, 0)] + hits[(k, c, 1)])
        p_op = (hits[(k, cls, 1)] + 0.5) / (n[(cls, 1)] + 1)
        p_in = (hits[(k, cls, 0)] + 0.5) / (n[(cls, 0)] + 1)
        out[k] = max(0.0, math.log(p_op / p_in))
    return out


def fit(rows, l2=0.3, steps=3000, lr=0.05):
    patterns = Counter((cls, feats, y) for cls, feats, y, _ in rows)
    keys = sorted({k for (_, feats, _) in patterns for k in feats})
    mu = marginal(rows)
    seen = Counter((k, cls) for cls, feats, _, _ in rows for k in feats)
    key_class = {k: max(("candidate", "employee"), key=lambda c: seen[(k, c)]) for k in keys}
    # Decisive kinds get a weight even where the training worlds never show them.
    for key, cls in DECISIVE.items():
        if key not in keys:
            keys.append(key)
            mu[key] = 0.0
            key_class[key] = cls
    keys.sort()
    m = Model(keys)
    for k in keys:
        m.w[k] = mu[k]
    # The prior's anchor: operators among the subjects of a class with no finding at all,
    # smoothed. Without it, a world where every operator has some finding drives the prior
    # (and every weight with it) without bound.
    bare = Counter((cls, y) for cls, feats, y, _ in rows if not feats)
    anchor = {c: math.log((bare[(c, 1)] + 0.5) / (bare[(c, 0)] + 0.5)) for c in m.b}
    for c in m.b:
        m.b[c] = anchor[c]
    params = [("b", c) for c in m.b] + [("w", k) for k in keys] + [("cap", f) for f in m.cap]
    mom = {p: 0.0 for p in params}
    vel = {p: 0.0 for p in params}
    for t in range(1, steps + 1):
        grad = {p: 0.0 for p in params}
        for (cls, feats, y), n in patterns.items():
            by = defaultdict(list)
            for k in feats:
                by[fam(k)].append(k)
            z = m.b[cls]
            active = []
            for f, ks in by.items():
                s = sum(m.w[k] for k in ks)
                if s > m.cap[f]:
                    z += m.cap[f]
                    active.append(("cap", f))
                else:
                    z += s
                    active.extend(("w", k) for k in ks)
            p = 1.0 / (1.0 + math.exp(-z))
            g = n * (p - y)
            grad[("b", cls)] += g
            for a in active:
                grad[a] += g
        for k in keys:
            grad[("w", k)] += l2 * (m.w[k] - mu[k])
        for c in m.b:
            grad[("b", c)] += 1.0 * (m.b[c] - anchor[c])
        lo = floors(m)
        hi = ceilings(m, key_class)
        for prm in params:
            g = grad[prm]
            mom[prm] = 0.9 * mom[prm] + 0.1 * g
            vel[prm] = 0.999 * vel[prm] + 0.001 * g * g
            step = lr * (mom[prm] / (1 - 0.9**t)) / (math.sqrt(vel[prm] / (1 - 0.999**t)) + 1e-8)
            kind, name = prm
            if kind == "b":
                m.b[name] -= step
            elif kind == "w":
                m.w[name] = min(hi.get(name, math.inf), max(lo.get(name, 0.0), m.w[name] - step))
            else:
                m.cap[name] = max(0.5, m.cap[name] - step)
        if t % 500 == 0:
            nll = sum(-n * math.log(max(1e-12, m.p(c, fs) if y else 1 - m.p(c, fs)))
                      for (c, fs, y), n in patterns.items())
            print(f"step {t}: negative log-likelihood {nll:.1f}", file=sys.stderr)
    # A cap that never binds says nothing; leave it at the largest family sum seen, and never
    # below the strongest single kind of the family.
    for f in m.cap:
        seen = max((sum(m.w[k] for k in feats if fam(k) == f)
                    for (_, feats, _) in patterns), default=0.0)
        single = max((w for k, w in m.w.items() if fam(k) == f), default=0.0)
        m.cap[f] = round(max(min(m.cap[f], max(seen, 0.5)), single), 3)
    return m


def reliability(scored):
    """scored: list of (risk 0..100, label). Prints bands, Brier, AUC."""
    bands = [(0, 10), (10, 30), (30, 50), (50, 70), (70, 80), (80, 90), (90, 101)]
    print("   risk band   subjects  operators  share operators  mean risk")
    for lo, hi in bands:
        sel = [(r, y) for r, y in scored if lo <= r < hi]
        if not sel:
            print(f"   {lo:>3}-{min(hi, 100):<3}       {0:>8}")
            continue
        ops = sum(y for _, y in sel)
        mean = sum(r for r, _ in sel) / len(sel)
        print(f"   {lo:>3}-{min(hi, 100):<3}       {len(sel):>8}  {ops:>9}  {ops / len(sel):>15.3f}  {mean:>9.1f}")
    brier = sum((r / 100 - y) ** 2 for r, y in scored) / len(scored)
    pos = [r for r, y in scored if y]
    neg = [r for r, y in scored if not y]
    auc = auc_of(pos, neg)
    print(f"   Brier {brier:.4f}  AUC {auc:.4f}  subjects {len(scored)}  operators {len(pos)}")
    return brier, auc


def auc_of(pos, neg):
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(r, 1) for r in pos] + [(r, 0) for r in neg])
    # Mann-Whitney with ties at half.
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for x in ranked[i:j] if x[1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def write_model(m, path, fitted_on, checked_on):
    lines = [
        "# unmask's risk model: written by bench/risk/fit.py, read by crates/scoring.",
        "# Each finding kind counts once per subject at its strongest severity, worth the",
        "# non-negative log-odds below (`kind/severity`); the kinds of one family add up to the",
        "# family's cap; risk = 100 * logistic(prior + sum). Kinds not listed are worth the",
        "# default for their severity. See crates/scoring/src/lib.rs and the README (Risk).",
        "",
        "[meta]",
        f"fitted_on = {json.dumps(fitted_on)}",
        f"checked_on = {json.dumps(checked_on)}",
        f"decisive = {json.dumps(sorted(DECISIVE))}",
        "",
        "[intercept]",
        f"candidate = {m.b['candidate']:.4f}",
        f"employee = {m.b['employee']:.4f}",
        "",
        "# The risk one finding of a kind not listed below gives alone, by severity.",
        "[default_alone]",
    ]
    lines += [f"{k} = {v}" for k, v in DEFAULT_ALONE.items()]
    for f, (about, kinds) in FAMILIES.items():
        cap = m.cap.get(f, max([m.weight(f"{k}/{s}") for k in kinds for s in SEVERITIES[1:]]))
        lines += ["", f"[families.{f}]", f"cap = {cap:.3f}", f"about = {json.dumps(about)}",
                  f"kinds = {json.dumps(kinds)}"]
    lines += ["", "[weights]"]
    for k in sorted(m.w):
        lines.append(f"{json.dumps(k)} = {m.w[k]:.4f}")
    open(path, "w").write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", nargs="*", default=[])
    ap.add_argument("--check", nargs="*", default=[])
    ap.add_argument("--report", nargs="*", default=[])
    ap.add_argument("--out")
    ap.add_argument("--l2", type=float, default=0.3)
    a = ap.parse_args()
    for spec in a.report:
        name, rows = load_world(spec)
        print(f"== {name}: risks in the export")
        reliability([(r, y) for _, _, y, r in rows])
    if not a.fit:
        return
    train = []
    for spec in a.fit:
        train += load_world(spec)[1]
    m = fit(train, l2=a.l2)
    for spec in a.fit + a.check:
        name, rows = load_world(spec)
        tag = "fitted on" if spec in a.fit else "checked on"
        print(f"== {tag} {name}: the fitted model on its findings")
        reliability([(round(100 * m.p(c, fs)), y) for c, fs, y, _ in rows])
    if a.out:
        label = lambda spec: os.path.basename(os.path.dirname(os.path.abspath(spec.split(":")[0])))
        write_model(m, a.out, [label(s) for s in a.fit], [label(s) for s in a.check])
        print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
