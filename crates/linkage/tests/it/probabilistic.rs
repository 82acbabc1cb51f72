//! The probabilistic linker on generated people with corrupted duplicates: accuracy,
//! determinism, term frequencies, and incremental linking agreeing with a full run.

use std::collections::{BTreeSet, HashMap};
use unmask_linkage::{Column, Estimation, Linker, Settings, Table};

/// A tiny deterministic generator: (LCG state) -> next value.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() as usize % xs.len()]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const GIVEN: &[&str] = &[
    "john", "wei", "maria", "minjun", "aiko", "olena", "rahul", "fatima", "lucas", "emma", "kenji",
    "thanh", "sofia", "ivan", "grace", "omar", "lena", "diego", "hana", "pavel", "nora", "tomas",
    "yara", "felix",
];
const SURNAMES: &[&str] = &[
    "smith",
    "zhang",
    "garcia",
    "kim",
    "tanaka",
    "kovalenko",
    "sharma",
    "haddad",
    "silva",
    "muller",
    "nguyen",
    "rossi",
    "petrov",
    "okafor",
    "lindqvist",
    "moreau",
    "novak",
    "fischer",
    "dubois",
    "santos",
    "park",
    "lee",
];

fn typo(rng: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let i = 1 + rng.next() as usize % (c.len() - 2);
    match rng.next() % 3 {
        0 => {
            c.remove(i);
        }
        1 => c.swap(i, i + 1),
        _ => c[i] = 'x',
    }
    c.into_iter().collect()
}

/// `n` people, about a fifth with one corrupted duplicate. Returns the table and entity ids.
/// Names are skewed: "john smith" and "wei zhang" are common, as in real data.
fn people(n: usize, seed: u64) -> (Table, Vec<usize>) {
    let mut rng = Rng(seed);
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut entity = Vec::new();
    for e in 0..n {
        let (g, s) = if rng.chance(8) {
            if rng.chance(50) {
                ("john", "smith")
            } else {
                ("wei", "zhang")
            }
        } else {
            (rng.pick(GIVEN), rng.pick(SURNAMES))
        };
        let dob = format!(
            "19{:02}-{:02}-{:02}",
            50 + rng.next() % 50,
            1 + rng.next() % 12,
            1 + rng.next() % 28
        );
        let phone = format!("+1555{:07}", rng.next() % 10_000_000);
        let email = format!("{g}.{s}{}@example.com", rng.next() % 1000);
        let row = [g.to_string(), s.to_string(), dob, phone, email];
        rows.push(row.clone());
        entity.push(e);
        if rng.chance(20) {
            let mut dup = row;
            match rng.next() % 4 {
                0 => dup[0] = typo(&mut rng, &dup[0]),
                1 => dup[1] = typo(&mut rng, &dup[1]),
                2 => dup[3] = String::new(),
                _ => dup[4] = format!("{}.{}{}@example.org", dup[0], dup[1], rng.next() % 100),
            }
            rows.push(dup);
            entity.push(e);
        }
    }
    let names = ["given_name", "surname", "date_of_birth", "phone", "email"];
    let table = Table {
        ids: (0..rows.len()).map(|i| format!("r{i}")).collect(),
        sources: Vec::new(),
        columns: names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let cells: Vec<Vec<String>> = rows.iter().map(|r| vec![r[c].clone()]).collect();
                Column::from_rows(*name, &cells)
            })
            .collect(),
    };
    (table, entity)
}

fn settings() -> Settings {
    toml::from_str(
        r#"
        id_column = "id"
        threshold = 0.9
        seed = 7
        u_sample = 50000
        [[comparison]]
        column = "given_name"
        kind = "name"
        [[comparison]]
        column = "surname"
        kind = "name"
        [[comparison]]
        column = "date_of_birth"
        kind = "date"
        [[comparison]]
        column = "phone"
        kind = "phone"
        [[comparison]]
        column = "email"
        kind = "email"
        [[blocking]]
        columns = ["date_of_birth"]
        [[blocking]]
        columns = ["phone"]
        [[blocking]]
        columns = ["surname", "given_name"]
        "#,
    )
    .expect("valid settings")
}

fn f1(linker: &Linker, entity: &[usize], threshold: f64) -> (f64, f64) {
    let predicted: BTreeSet<(u32, u32)> = linker
        .pairs()
        .iter()
        .filter(|p| p.probability >= threshold)
        .map(|p| (p.a, p.b))
        .collect();
    let mut truth = BTreeSet::new();
    let mut by: HashMap<usize, Vec<u32>> = HashMap::new();
    for (i, e) in entity.iter().enumerate() {
        by.entry(*e).or_default().push(i as u32);
    }
    for g in by.values() {
        for x in 0..g.len() {
            for y in x + 1..g.len() {
                truth.insert((g[x], g[y]));
            }
        }
    }
    let correct = predicted.intersection(&truth).count() as f64;
    (
        correct / predicted.len().max(1) as f64,
        correct / truth.len().max(1) as f64,
    )
}

#[test]
fn finds_corrupted_duplicates_without_labels() {
    let (table, entity) = people(1500, 11);
    let linker = Linker::train(table.clone(), &settings()).expect("link");
    let (precision, recall) = f1(&linker, &entity, 0.9);
    assert!(precision >= 0.97, "precision {precision}");
    assert!(recall >= 0.9, "recall {recall}");
}

#[test]
fn same_input_and_seed_same_output() {
    let (table, _) = people(600, 5);
    let a = Linker::train(table.clone(), &settings()).expect("link");
    let b = Linker::train(table.clone(), &settings()).expect("link");
    assert_eq!(a.pairs(), b.pairs());
    assert_eq!(a.clusters(), b.clusters());
}

#[test]
fn common_names_count_for_less_than_rare_ones() {
    let (table, _) = people(1500, 11);
    let linker = Linker::train(table.clone(), &settings()).expect("link");
    let model = linker.model();
    let names = &model.comparisons[0];
    let common = names.exact_weight("john");
    let rare = names.exact_weight("yara");
    assert!(common < rare, "john {common} vs yara {rare}");
}

#[test]
fn incremental_linking_agrees_with_a_full_run_and_keeps_cluster_ids() {
    let (table, _) = people(800, 3);
    let s = settings();
    let full = Linker::train(table.clone(), &s).expect("link");
    let model = full.model().clone();
    // The first records linked in one go, the last 60 added one at a time, with the same model.
    let keep = table.len() - 60;
    let head = Table {
        ids: table.ids[..keep].to_vec(),
        sources: Vec::new(),
        columns: table
            .columns
            .iter()
            .map(|c| {
                let cells: Vec<Vec<String>> = (0..keep)
                    .map(|i| c.values(i).map(str::to_string).collect())
                    .collect();
                Column::from_rows(c.name.clone(), &cells)
            })
            .collect(),
    };
    let mut incremental = Linker::with_model(head, &s, model.clone()).expect("link");
    let before: Vec<(String, String)> = (0..keep)
        .map(|i| (table.ids[i].clone(), incremental.cluster_id(i).to_string()))
        .collect();
    for i in keep..table.len() {
        let values = table.record(i);
        incremental.add(&table.ids[i], 0, &values);
    }
    let batch = Linker::with_model(table.clone(), &s, model).expect("link");
    assert_eq!(incremental.clusters(), batch.clusters());
    for i in 0..table.len() {
        assert_eq!(incremental.cluster_id(i), batch.cluster_id(i));
    }
    // A cluster keeps its id (its earliest record) as records join; it changes only by merging
    // into a cluster whose earliest record is older still.
    let index = |id: &str| {
        id.trim_start_matches('r')
            .parse::<usize>()
            .expect("r<n> ids")
    };
    let mut moved = 0;
    for (i, (_, id)) in before.iter().enumerate() {
        let now = incremental.cluster_id(i);
        assert!(
            index(now) <= index(id),
            "{} moved from {id} to the younger {now}",
            table.ids[i]
        );
        moved += usize::from(now != id);
    }
    assert!(moved < 10, "{moved} records changed cluster id");
}

fn table_of(rows: &[[String; 5]]) -> Table {
    let names = ["given_name", "surname", "date_of_birth", "phone", "email"];
    Table {
        ids: (0..rows.len()).map(|i| format!("r{i}")).collect(),
        sources: Vec::new(),
        columns: names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let cells: Vec<Vec<String>> = rows.iter().map(|r| vec![r[c].clone()]).collect();
                Column::from_rows(*name, &cells)
            })
            .collect(),
    }
}

/// `n` people, about a third with a duplicate whose given and family names are swapped, with a
/// new email and no phone: only the names and the date of birth say they are one person.
fn swapped_people(n: usize, seed: u64) -> (Table, Vec<usize>) {
    let mut rng = Rng(seed);
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut entity = Vec::new();
    for e in 0..n {
        let (g, s) = (rng.pick(GIVEN), rng.pick(SURNAMES));
        let dob = format!(
            "19{:02}-{:02}-{:02}",
            50 + rng.next() % 50,
            1 + rng.next() % 12,
            1 + rng.next() % 28
        );
        let row = [
            g.to_string(),
            s.to_string(),
            dob.clone(),
            format!("+1555{:07}", rng.next() % 10_000_000),
            format!("{g}.{s}{}@example.com", rng.next() % 1000),
        ];
        rows.push(row);
        entity.push(e);
        if rng.chance(33) {
            let email = format!("x{}@example.org", rng.next() % 100_000);
            rows.push([s.to_string(), g.to_string(), dob, String::new(), email]);
            entity.push(e);
        }
    }
    (table_of(&rows), entity)
}

fn name_settings(kind: &str) -> Settings {
    toml::from_str(&format!(
        r#"
        id_column = "id"
        threshold = 0.9
        seed = 7
        u_sample = 50000
        [[comparison]]
        column = "given_name"
        kind = "{kind}"
        [[comparison]]
        column = "surname"
        kind = "{kind}"
        [[comparison]]
        column = "date_of_birth"
        kind = "date"
        [[comparison]]
        column = "phone"
        kind = "phone"
        [[comparison]]
        column = "email"
        kind = "email"
        [[blocking]]
        columns = ["surname", "date_of_birth"]
        [[blocking]]
        columns = ["phone"]
        [[blocking]]
        columns = ["email"]
        "#
    ))
    .expect("valid settings")
}

#[test]
fn swapped_name_parts_are_blocked_and_compared_crossed() {
    let (table, entity) = swapped_people(1500, 9);
    let whole = Linker::train(table.clone(), &name_settings("name")).expect("link");
    let (_, recall_whole) = f1(&whole, &entity, 0.9);
    // Blocking on surname + date of birth never pairs "Wei Zhang" with "Zhang Wei".
    assert!(recall_whole < 0.1, "whole names: recall {recall_whole}");
    let parts =
        Linker::train_with(table, &name_settings("name_part"), Estimation::Floored).expect("link");
    let (precision, recall) = f1(&parts, &entity, 0.9);
    assert!(recall >= 0.95, "name parts: recall {recall}");
    assert!(precision >= 0.95, "name parts: precision {precision}");
}

#[test]
fn one_name_in_the_other_column_is_not_a_swap() {
    let row = |g: &str, s: &str| {
        [
            g.to_string(),
            s.to_string(),
            "1980-01-01".to_string(),
            String::new(),
            String::new(),
        ]
    };
    let rows = [
        row("thomas", "smith"),
        row("smith", "thomas"),
        row("john", "thomas"),
        row("smith", "tomas"),
    ];
    let linker = Linker::train(table_of(&rows), &name_settings("name_part")).expect("link");
    let levels = |a: usize, b: usize| -> Vec<String> {
        linker
            .explain(a, b)
            .into_iter()
            .take(2)
            .map(|(_, level, _)| level.replace(" (term-frequency adjusted)", ""))
            .collect()
    };
    // Swapped: both parts agree crossed, one of them with a typo.
    assert_eq!(levels(0, 1), ["exact", "exact"]);
    assert_eq!(levels(0, 3), ["Jaro-Winkler >= 0.92", "exact"]);
    // Only Thomas crosses over; Smith and John do not: compared straight, both differ.
    assert_eq!(levels(0, 2), ["different", "different"]);
}
