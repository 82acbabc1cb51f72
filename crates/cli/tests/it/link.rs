use super::*;

const PEOPLE: &str = "\
id,given_name,surname,dob,email
1,Aiko,Tanaka,1990-04-12,aiko.tanaka@example.com
2,Aiko,Tanaka,1990-04-12,aiko.tanaka@example.com
3,Marco,Rossi,1985-01-30,marco.rossi@example.com
4,Marco,Rosi,1985-01-30,
5,Wei,Zhang,1979-07-07,wei.zhang77@example.com
6,Wei,Zhang,1991-02-14,wzhang@example.net
7,Olena,Kovalenko,1993-11-02,olena.k@example.com
8,Olena,Kovalenko,1993-02-11,olena.k@example.com
9,Pavel,Novak,1970-05-05,pavel.novak@example.com
10,Grace,Okafor,1988-08-08,grace.okafor@example.com
11,Diego,Santos,1982-03-03,diego.santos@example.com
12,Hana,Park,1995-09-09,hana.park@example.com
13,Felix,Muller,1975-12-12,felix.muller@example.com
14,Nora,Lindqvist,1999-06-06,nora.l@example.com
15,Tomas,Dubois,1966-10-10,tomas.dubois@example.com
16,Yara,Haddad,1984-04-04,yara.haddad@example.com
17,Ivan,Petrov,1977-07-17,ivan.petrov@example.com
18,Lena,Fischer,1989-09-19,lena.fischer@example.com
19,Omar,Silva,1992-02-22,omar.silva@example.com
20,Sofia,Moreau,1987-08-28,sofia.moreau@example.com
";

const CONFIG: &str = r#"
id_column = "id"
threshold = 0.9
u_sample = 20000
[[comparison]]
column = "given_name"
kind = "name_part"
[[comparison]]
column = "surname"
kind = "name_part"
[[comparison]]
column = "dob"
kind = "date"
[[comparison]]
column = "email"
kind = "email"
[[blocking]]
columns = ["given_name"]
[[blocking]]
columns = ["dob"]
"#;

#[test]
fn generic_mode_finds_the_known_links_and_writes_pairs_and_clusters() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("people.csv"), PEOPLE).expect("write");
    std::fs::write(dir.join("link.toml"), CONFIG).expect("write");
    // Known links: 1=2, 3=4, 7=8 (day and month swapped); the two Wei Zhangs are different people.
    std::fs::write(dir.join("truth.csv"), "left_id,right_id\n1,2\n3,4\n7,8\n").expect("write");
    let r = ok(
        dir,
        &[
            "link",
            "--config",
            "link.toml",
            "people.csv",
            "--out",
            "out",
            "--truth",
            "truth.csv",
            "--format",
            "json",
        ],
    );
    let summary = json(&r.stdout);
    assert_eq!(summary["records"], 20);
    assert_eq!(summary["score"]["precision"], 1.0, "{summary}");
    assert_eq!(summary["score"]["recall"], 1.0, "{summary}");
    assert_eq!(summary["score"]["pair_completeness"], 1.0, "{summary}");

    let pairs = std::fs::read_to_string(dir.join("out/pairs.csv")).expect("pairs");
    assert!(
        pairs.starts_with("left_id,right_id,match_probability,match_weight\n"),
        "{pairs}"
    );
    let clusters = std::fs::read_to_string(dir.join("out/clusters.csv")).expect("clusters");
    let cluster_of = |id: &str| {
        clusters
            .lines()
            .find(|l| l.ends_with(&format!(",0,{id}")))
            .and_then(|l| l.split(',').next())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(cluster_of("1"), cluster_of("2"));
    assert_eq!(
        cluster_of("2"),
        "1",
        "a cluster is named after its earliest record"
    );
    assert_eq!(cluster_of("7"), cluster_of("8"));
    assert_ne!(cluster_of("5"), cluster_of("6"));
    assert_eq!(clusters.lines().count(), 21);

    let explained = ok(
        dir,
        &["link", "--config", "link.toml", "people.csv", "--explain"],
    )
    .stdout;
    assert!(
        explained.contains("given_name (name_part, term-frequency adjusted"),
        "{explained}"
    );
    assert!(
        explained.contains("LEVEL") && explained.contains("WEIGHT"),
        "{explained}"
    );
}

#[test]
fn two_whole_name_columns_get_a_hint() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("people.csv"), PEOPLE).expect("write");
    std::fs::write(dir.join("link.toml"), CONFIG.replace("name_part", "name")).expect("write");
    let r = ok(dir, &["link", "--config", "link.toml", "people.csv"]);
    assert!(
        r.stderr
            .contains("warning: `given_name`, `surname` are compared as whole names"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: ") && r.stderr.contains("name_part"));
    std::fs::write(dir.join("parts.toml"), CONFIG).expect("write");
    let r = ok(dir, &["link", "--config", "parts.toml", "people.csv"]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn generic_mode_reports_missing_columns_and_bad_settings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("people.csv"), "id,given_name\n1,A\n").expect("write");
    std::fs::write(dir.join("link.toml"), CONFIG).expect("write");
    std::fs::write(
        dir.join("bad.toml"),
        "id_column = \"id\"\nthreshold = 2\n[[comparison]]\ncolumn = \"x\"\nkind = \"nam\"\n",
    )
    .expect("write");
    let messages = |args: &[&str]| {
        let r = unmask(dir, args);
        format!(
            "exit {}\n{}",
            r.code,
            r.stderr
                .lines()
                .filter(|l| !l.starts_with("reading"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
    insta::assert_snapshot!(messages(&["link", "--config", "link.toml", "people.csv"]));
    insta::assert_snapshot!(messages(&["link", "--config", "bad.toml", "people.csv"]));
}
