//! The analysts' outputs through the real binary: report.html opened in a
//! real headless Chromium (all rows, the filter, no network), hostile input
//! values inert in the report and the workbook, actions.xlsx read back equal
//! to actions.csv, changes.csv for each cause on constructed run pairs,
//! `explain`, `rules`, and docs/input-contract.md against the contract table.
//!
//! The browser tests need Debian's `chromium` on PATH (`.ci/test` installs
//! it); without it they fail with a message saying so, never pass silently.

use crate::support::{Outcome, Test, path, rtb_recon};
use calamine::{Data, Reader, Xlsx, open_workbook};
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data-samples")
}

/// `run` on data-samples at the date they were made for.
fn sample_run(dir: &Path) -> Outcome {
    let out = dir.join("out");
    let o = rtb_recon(&[
        "run",
        "--input",
        &path(&samples()),
        "--out",
        &path(&out),
        "--as-of",
        "2026-11-28",
    ]);
    Outcome { out, ..o }
}

// ---------------------------------------------------------------------------
// Headless Chromium
// ---------------------------------------------------------------------------

fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "the report test opens report.html in headless Chromium, but `chromium` is not on PATH: \
         install Debian's package (apt-get install -y chromium); .ci/test does this"
    );
}

/// Hosts Chromium itself calls (updates, time, accounts) whatever page it
/// shows; a request to any other host came from the page.
const BROWSER_OWN_HOSTS: [&str; 9] = [
    "clients2.google.com",
    "update.googleapis.com",
    "accounts.google.com",
    "clientservices.googleapis.com",
    "optimizationguide-pa.googleapis.com",
    "content-autofill.googleapis.com",
    "safebrowsing.googleapis.com",
    "redirector.gvt1.com",
    "www.google.com",
];

/// What the browser rendered and which hosts the page tried to reach.
pub(crate) struct Page {
    pub(crate) dom: String,
    requests: Vec<String>,
}

/// Loads `url` in headless Chromium, with every request (also to loopback)
/// sent to a local proxy that refuses it and notes the host: the page can
/// reach nothing, and the test sees everything it tried.
pub(crate) fn load(url: &str) -> Page {
    let bin = chromium();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local proxy");
    let port = listener.local_addr().expect("proxy address").port();
    listener.set_nonblocking(true).expect("non-blocking proxy");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let proxy = {
        let (seen, stop) = (Arc::clone(&seen), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut conn, _)) => {
                        let _ = conn.set_nonblocking(false);
                        let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
                        let mut line = String::new();
                        let _ = BufReader::new(&conn).read_line(&mut line);
                        seen.lock()
                            .expect("proxy log")
                            .push(line.trim().to_string());
                        let _ = conn.write_all(
                            b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        })
    };
    let profile = tempfile::tempdir().expect("browser profile");
    let mut child = Command::new(&bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.path().display()),
            &format!("--proxy-server=http://127.0.0.1:{port}"),
            "--proxy-bypass-list=<-loopback>",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stdout), &mut dom);
        dom
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish loading {url} within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().expect("read the DOM");
    stop.store(true, Ordering::Relaxed);
    proxy.join().expect("proxy thread");
    let requests = seen.lock().expect("proxy log").clone();
    if std::env::var_os("RTB_SHOW_REQUESTS").is_some() {
        eprintln!("{url}: {requests:#?}");
    }
    Page { dom, requests }
}

/// The host of a proxied request line (`GET http://h/p HTTP/1.1`, `CONNECT h:443 HTTP/1.1`).
fn host(request: &str) -> String {
    let target = request.split_whitespace().nth(1).unwrap_or_default();
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
        .unwrap_or(target);
    rest.split(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_string()
}

impl Page {
    /// Requests the page made (Chromium's own service calls left out).
    fn page_requests(&self) -> Vec<String> {
        self.requests
            .iter()
            .filter(|r| !BROWSER_OWN_HOSTS.contains(&host(r).as_str()))
            .cloned()
            .collect()
    }

    /// The opening tag of the element with this id.
    fn tag(&self, id: &str) -> &str {
        let needle = format!("id=\"{id}\"");
        let at = self
            .dom
            .find(&needle)
            .unwrap_or_else(|| panic!("no element #{id} in the rendered page"));
        let start = self.dom[..at].rfind('<').unwrap_or(0);
        let end = at + self.dom[at..].find('>').unwrap_or(0);
        &self.dom[start..=end]
    }

    pub(crate) fn attr(&self, id: &str, name: &str) -> String {
        let tag = self.tag(id);
        let needle = format!("{name}=\"");
        let at = tag
            .find(&needle)
            .unwrap_or_else(|| panic!("#{id} has no {name}: {tag}"))
            + needle.len();
        tag[at..at + tag[at..].find('"').unwrap_or(0)].to_string()
    }

    /// The rendered body rows of the table inside the element with this id.
    pub(crate) fn rows(&self, id: &str) -> Vec<String> {
        let at = self.dom.find(&format!("id=\"{id}\"")).expect("table root");
        let body_start = at + self.dom[at..].find("<tbody>").expect("tbody");
        let body_end = body_start + self.dom[body_start..].find("</tbody>").expect("/tbody");
        self.dom[body_start..body_end]
            .split("<tr")
            .skip(1)
            .map(|r| r.to_string())
            .collect()
    }
}

pub(crate) fn file_url(p: &Path, hash: &str) -> String {
    format!("file://{}{hash}", p.display())
}

#[test]
fn report_renders_every_row_in_a_real_browser_filters_and_fetches_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = sample_run(dir.path());
    o.status(0);
    let actions = o.csv("actions.csv");
    assert!(
        actions.len() > 50,
        "the sample run should have many actions"
    );
    let report = o.out.join("report.html");
    let html = fs::read_to_string(&report).expect("report.html");
    // Nothing in the file points outside it.
    for needle in ["http://", "https://", "<link", " src=", "@import", "url("] {
        assert!(!html.contains(needle), "report.html contains {needle:?}");
    }
    assert!(html.contains("content=\"default-src 'none'; script-src 'sha256-"));

    // All rows.
    let all = load(&file_url(&report, "#size=all"));
    assert_eq!(
        all.attr("actions-table", "data-total"),
        actions.len().to_string()
    );
    assert_eq!(
        all.attr("actions-table", "data-shown"),
        actions.len().to_string()
    );
    assert_eq!(all.rows("actions-table").len(), actions.len());
    // The compact columns give back the exact texts of actions.csv.
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let table = all.rows("actions-table").join("");
    for a in &actions {
        let name = [a["surname"].as_str(), a["given_names"].as_str()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        for text in [&a["explanation"], &a["v_number"], &a["due_date"], &name] {
            let cell = format!(">{}<", escape(text));
            assert!(text.is_empty() || table.contains(&cell), "{cell}");
        }
    }
    assert!(all.tag("rtb-data").contains("application/json"));
    assert_eq!(
        all.page_requests(),
        Vec::<String>::new(),
        "the report fetched something"
    );
    // By default one page of 100.
    let first = load(&file_url(&report, ""));
    assert_eq!(
        first.rows("actions-table").len(),
        actions.len().min(100),
        "first page"
    );
    assert!(first.dom.contains("data-ready=\"true\""));

    // The filter narrows the table to the rows that mention the person.
    let mut per_person: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &actions {
        *per_person.entry(a["v_number"].as_str()).or_default() += 1;
    }
    let (needle, _) = per_person
        .iter()
        .max_by_key(|(_, n)| **n)
        .expect("a person with actions");
    let expected = actions
        .iter()
        .filter(|a| a.values().any(|v| v.contains(needle)))
        .count();
    let filtered = load(&file_url(&report, &format!("#filter={needle}&size=all")));
    assert_eq!(
        filtered.attr("actions-table", "data-matching"),
        expected.to_string()
    );
    let rows = filtered.rows("actions-table");
    assert_eq!(rows.len(), expected);
    assert!(expected < actions.len());
    assert!(rows.iter().all(|r| r.contains(needle)));

    // Sorting by a column: due dates ascending, rows without one last.
    let sorted = load(&file_url(&report, "#sort=due&dir=asc&size=all"));
    let dues: Vec<String> = sorted
        .rows("actions-table")
        .iter()
        .map(|r| {
            let cell = r
                .split("<td class=\"due nowrap\">")
                .nth(1)
                .unwrap_or_default();
            cell[..cell.find("</td>").unwrap_or(0)].to_string()
        })
        .collect();
    let mut want: Vec<String> = actions.iter().map(|a| a["due_date"].clone()).collect();
    want.sort_by_key(|d| (d.is_empty(), d.clone()));
    assert_eq!(dues, want);
    assert!(!dues[0].is_empty(), "the sample run has due dates");
}

#[test]
fn the_network_check_sees_a_page_that_fetches() {
    // The control for the test above: a page with an external image is caught.
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("fetches.html");
    fs::write(
        &page,
        "<html><body><img src=\"http://report-fetch.invalid/x.png\"></body></html>",
    )
    .expect("write");
    let loaded = load(&file_url(&page, ""));
    assert_eq!(
        loaded.page_requests(),
        ["GET http://report-fetch.invalid/x.png HTTP/1.1"]
    );
}

// ---------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------

const HOSTILE_GIVEN: &str = "<script>alert(1)</script>";
const HOSTILE_HIT: &str = "H</script><img src=x onerror=alert(2)>";
const HOSTILE_ALERT: &str = "=HYPERLINK(\"http://evil.example/x\",\"klik\")";

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn hostile_input() -> Test {
    Test::new()
        .file(
            "rtb_holders.csv",
            &format!(
                "v_number,surname,given_names,birth_date,nationality,category,status,status_date\n\
                 0500001,=1+1,{},1985-03-01,UKR,ukrainian,granted,2022-04-01\n",
                csv_field(HOSTILE_GIVEN)
            ),
        )
        .file(
            "entry_bans.csv",
            &format!(
                "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status,sis_alert_id,<b>kolom</b>\n\
                 B1,0500001,heavy,2020-01-01,2020-01-01,10,public_order,true,active,{},x\n",
                csv_field(HOSTILE_ALERT)
            ),
        )
        .file(
            "sis_hits.csv",
            &format!(
                "hit_id,v_number,alert_id,alert_kind,issuing_state,reporting_state,hit_date,admitted\n\
                 {},0500001,PL-1,refusal,PL,NL,2026-11-20,false\n",
                csv_field(HOSTILE_HIT)
            ),
        )
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|x| x.date().to_string())
            .unwrap_or_default(),
        other => format!("<not text: {other:?}>"),
    }
}

/// Every action row of the workbook's group sheets (the 17 columns of
/// actions.csv), and whether any sheet holds a formula.
fn workbook_rows(path: &Path) -> (Vec<Vec<String>>, bool) {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open actions.xlsx");
    let names = wb.sheet_names();
    assert_eq!(names[0], "Overzicht");
    let mut rows = Vec::new();
    let mut formulas = false;
    for name in names[1..]
        .iter()
        .filter(|n| *n != "Vervallen sinds vorige run" && *n != "Afhandeling niet toegepast")
    {
        let range = wb.worksheet_range(name).expect("sheet");
        let mut it = range.rows();
        let header: Vec<String> = it
            .next()
            .expect("header row")
            .iter()
            .map(cell_text)
            .collect();
        assert_eq!(header[0], "v_number", "{name}");
        assert_eq!(header[12], "explanation", "{name}");
        assert_eq!(header[13], "Afhandeling", "{name}");
        // The 13 columns of the contract and the verdict's four.
        rows.extend(it.map(|r| r[..17].iter().map(cell_text).collect::<Vec<_>>()));
        formulas |= wb
            .worksheet_formula(name)
            .expect("formulas")
            .used_cells()
            .any(|(_, _, f)| !f.is_empty());
    }
    (rows, formulas)
}

#[test]
fn hostile_values_arrive_inert_in_the_report_and_the_workbook() {
    let t = hostile_input();
    let o = t.run(&[]);
    o.status(0);
    let actions = o.csv("actions.csv");
    assert!(actions.iter().any(|a| a["given_names"] == HOSTILE_GIVEN));
    assert!(actions.iter().any(|a| a["subject_id"] == HOSTILE_HIT));

    let html = o.read("report.html");
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only the report's own scripts"
    );
    assert!(!html.contains("<img"));
    assert!(
        html.contains("&lt;b&gt;kolom&lt;&#x2f;b&gt;"),
        "header escaped"
    );

    let page = load(&file_url(&o.out.join("report.html"), "#size=all"));
    assert!(page.dom.contains("data-ready=\"true\""), "the script ran");
    // Rendered as text in the cells, not as markup.
    assert!(page.dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.dom
            .contains("H&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
    );
    assert!(!page.dom.contains("<img"));
    assert_eq!(
        page.page_requests(),
        Vec::<String>::new(),
        "a value was fetched"
    );

    let (rows, formulas) = workbook_rows(&o.out.join("actions.xlsx"));
    assert!(!formulas, "the workbook holds a formula");
    assert!(
        rows.iter()
            .any(|r| r[10] == "=1+1" && r[11] == HOSTILE_GIVEN)
    );
    assert!(rows.iter().any(|r| r[6] == HOSTILE_ALERT));
    assert!(rows.iter().any(|r| r[3] == HOSTILE_HIT));
}

#[test]
fn workbook_reads_back_equal_to_actions_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = sample_run(dir.path());
    o.status(0);
    let text = o.read("actions.csv");
    let mut expected: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    let (mut got, formulas) = workbook_rows(&o.out.join("actions.xlsx"));
    assert!(!formulas);
    expected.sort();
    got.sort();
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------------------
// changes.csv
// ---------------------------------------------------------------------------

const PROTECTED: &str = "v_number,surname,given_names,birth_date,nationality,category,status,status_date\n\
                         0600001,Kovalenko,Olena,1985-03-01,UKR,ukrainian,granted,2022-03-10\n\
                         0600002,Melnyk,Taras,1980-07-07,UKR,ukrainian,granted,2022-03-10\n";
const BANS: &str = "ban_id,v_number,severity,decision_date,in_force_date,duration_years,ground,final,status,lifted_reason,lifted_until\n\
                    B1,0600001,heavy,2020-01-01,2020-01-01,10,public_order,true,active,,\n\
                    B2,0600002,heavy,2020-01-01,2020-01-01,10,public_order,true,temporarily_lifted,temporary_protection,2027-03-04\n";

fn protected() -> Test {
    Test::new()
        .file("rtb_holders.csv", PROTECTED)
        .file("entry_bans.csv", BANS)
}

fn changes(o: &Outcome) -> Vec<String> {
    o.read("changes.csv").lines().map(str::to_string).collect()
}

#[test]
fn changes_csv_names_date_parameters_data_and_rules() {
    let t = protected();
    let first = t.run_into("run1", &["--as-of", "2027-03-01"]);
    first.status(0);
    assert!(
        !first.out.join("changes.csv").exists(),
        "only with --previous"
    );
    assert_eq!(first.csv("fingerprints.csv").len(), 2);
    let prev = path(&first.out);

    // date: protection runs out on 2027-03-04.
    let date = t.run_into("date", &["--as-of", "2027-03-10", "--previous", &prev]);
    date.status(0);
    assert_eq!(
        changes(&date),
        [
            "v_number,action,subject_id,status,cause,verdict",
            "0600001,TEMP_LIFT_HEAVY_IRV,B1,resolved,date,",
            "0600002,END_TEMP_LIFT_IRV,B2,new,date,",
        ]
    );

    // parameters: the Council extends protection.
    let params = t.run_into(
        "params",
        &[
            "--as-of",
            "2027-03-01",
            "--rtb-valid-until",
            "2028-03-04",
            "--previous",
            &prev,
        ],
    );
    params.status(0);
    assert_eq!(
        changes(&params)[1..],
        [
            "0600001,TEMP_LIFT_HEAVY_IRV,B1,ongoing,,",
            "0600002,UPDATE_TEMP_LIFT_END,B2,new,parameters,",
        ]
    );

    // data: the ban is lifted in the register; also the date moved, and data wins.
    let t = t.file(
        "entry_bans.csv",
        &BANS.replace(
            "B1,0600001,heavy,2020-01-01,2020-01-01,10,public_order,true,active,,",
            "B1,0600001,heavy,2020-01-01,2020-01-01,10,public_order,true,lifted,temporary_protection,",
        ),
    );
    let data = t.run_into("data", &["--as-of", "2027-03-02", "--previous", &prev]);
    data.status(0);
    assert_eq!(
        changes(&data)[1..],
        ["0600001,TEMP_LIFT_HEAVY_IRV,B1,resolved,data,"]
    );

    // rules: the earlier run was made with another rules version, whose
    // table had another action for the same work.
    let t = protected();
    let older = t.run_into("older", &["--as-of", "2027-03-01"]);
    let summary = older.read("summary.json").replace(
        &format!(
            "\"rules_version\": \"{}\"",
            older.summary()["rules_version"]
                .as_str()
                .unwrap_or_default()
        ),
        "\"rules_version\": \"2020.1.0\"",
    );
    fs::write(older.out.join("summary.json"), summary).expect("write");
    let actions = older
        .read("actions.csv")
        .replace(",TEMP_LIFT_HEAVY_IRV,", ",OLD_TEMP_LIFT,");
    fs::write(older.out.join("actions.csv"), actions).expect("write");
    let rules = t.run_into(
        "rules",
        &["--as-of", "2027-03-01", "--previous", &path(&older.out)],
    );
    rules.status(0);
    assert_eq!(
        changes(&rules)[1..],
        [
            "0600001,OLD_TEMP_LIFT,B1,resolved,rules,",
            "0600001,TEMP_LIFT_HEAVY_IRV,B1,new,rules,",
        ]
    );
    // The report and the workbook show it too.
    let html = rules.read("report.html");
    assert!(html.contains("<h2>Wijzigingen sinds de vorige run</h2>"));
    assert!(html.contains("regels versie 2020.1.0"));
    let mut wb: Xlsx<_> = open_workbook(rules.out.join("actions.xlsx")).expect("workbook");
    let gone = wb
        .worksheet_range("Vervallen sinds vorige run")
        .expect("resolved sheet");
    let gone: Vec<Vec<String>> = gone
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(
        gone,
        [
            ["v_number", "action", "subject_id", "cause", "omschrijving"]
                .map(String::from)
                .to_vec(),
            ["0600001", "OLD_TEMP_LIFT", "B1", "rules", ""]
                .map(String::from)
                .to_vec(),
        ]
    );
    let bans = wb.worksheet_range("BAN Inreisverboden").expect("BAN sheet");
    // After the 17 columns of actions.csv, Vastgelegd, the hidden
    // fingerprint and omschrijving.
    assert_eq!(cell_text(&bans[(0, 20)]), "wijziging");
    assert_eq!(cell_text(&bans[(1, 20)]), "nieuw");
    assert_eq!(cell_text(&bans[(1, 21)]), "rules");
}

#[test]
fn previous_that_is_not_a_run_is_a_usage_error_and_writes_nothing() {
    let t = protected();
    let not_a_run = t.dir.path().join("leeg");
    fs::create_dir(&not_a_run).expect("dir");
    let o = t.run_into("out", &["--previous", &path(&not_a_run)]);
    o.status(2)
        .stderr_has("summary.json is missing; point --previous at the output directory of an earlier rtb-recon run");
    o.wrote_nothing();
}

// ---------------------------------------------------------------------------
// explain and rules
// ---------------------------------------------------------------------------

fn busy_input() -> Test {
    Test::new()
        .file("rtb_holders.csv", PROTECTED)
        .file("entry_bans.csv", BANS)
        .file(
            "return_decisions.csv",
            "tkb_id,v_number,decision_date,final,status\nT1,0600001,2020-01-01,true,active\n",
        )
        .file(
            "sis_hits.csv",
            "hit_id,v_number,alert_id,alert_kind,issuing_state,reporting_state,hit_date,admitted\n\
             H1,0600001,PL-1,refusal,PL,NL,2026-11-20,false\n",
        )
}

fn explain(t: &Test, v: &str, extra: &[&str]) -> Outcome {
    let input = path(&t.input());
    let mut args = vec![
        "explain",
        "--input",
        input.as_str(),
        "--v-number",
        v,
        "--as-of",
        "2026-11-28",
    ];
    args.extend(extra);
    rtb_recon(&args)
}

#[test]
fn explain_a_person_for_whom_several_groups_fire() {
    let t = busy_input();
    let o = explain(&t, "0600001", &[]);
    o.status(0);
    let text = &o.stdout;
    assert!(text.starts_with("Uitleg voor V-nummer 0600001\n"));
    for line in [
        "\n     R03 TEMP_LIFT_HEAVY_IRV — GAAT AF, want: ",
        "\n     R11 SUSPEND_TKB — GAAT AF, want: ",
        "\n     R16 CONSULT_ISSUING_STATE — GAAT AF, want: ",
        "\n     R04 LIFT_LIGHT_IRV_REGULAR — niet geprobeerd: R03 ging al af voor dit onderwerp",
        "\n4. Acties (3)\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(!text.contains("0600002"), "another person's data");

    let json = explain(&t, "0600001", &["--format", "json"]);
    json.status(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let fired: Vec<&str> = v["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["rule_id"].as_str())
        .collect();
    assert_eq!(fired, ["R16", "R11", "R03"]);
    assert_eq!(v["groups"][1]["group"], "BAN");
    assert_eq!(
        v["groups"][1]["subjects"][0]["steps"][2]["outcome"],
        "fired"
    );
}

#[test]
fn explain_a_person_for_whom_nothing_fires() {
    let t = busy_input().file(
        "rtb_holders.csv",
        &format!("{PROTECTED}0600003,Bondar,Iryna,1990-01-01,UKR,ukrainian,granted,2022-03-10\n"),
    );
    let o = explain(&t, "0600003", &[]);
    o.status(0);
    assert!(
        o.stdout
            .contains("\n   Niet van toepassing: de persoon heeft geen inreisverboden.\n")
    );
    assert!(o.stdout.contains(
        "\n4. Acties (0)\n   Geen: voor deze persoon is op deze peildatum niets te doen.\n"
    ));
}

#[test]
fn explain_an_unknown_or_malformed_v_number() {
    let t = busy_input();
    let o = explain(&t, "0699999", &[]);
    o.status(1)
        .stderr_has("the requested V-number is in none of the exports");
    assert!(
        !o.stderr.contains("0699999"),
        "the V-number is not repeated"
    );
    explain(&t, "12ab", &[])
        .status(2)
        .stderr_has("--v-number must be 6 to 12 digits");
}

#[test]
fn rules_prints_the_committed_catalogue() {
    let md = rtb_recon(&["rules"]);
    md.status(0);
    let committed = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .expect("docs/rules.md");
    assert_eq!(
        md.stdout, committed,
        "regenerate docs/rules.md with `rtb-recon rules`"
    );
    let csv = rtb_recon(&["rules", "--format", "csv"]);
    csv.status(0);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines.len(), 38);
    assert_eq!(
        lines[0],
        "rule_id,group,action,label,condition,sis_effect,draft,due,legal_basis"
    );
    assert!(lines[3].starts_with("R01,BAN,EXPIRE_IRV,"));
}

/// docs/input-contract.md is the contract table (`model::contract`) rendered
/// into its prose template; with `RTB_RECON_WRITE_DOCS` set, this test
/// writes the rendering instead of comparing.
#[test]
fn input_contract_doc_is_rendered_from_the_contract_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/input-contract.md");
    let rendered = rtb_recon::model::contract::markdown();
    if std::env::var_os("RTB_RECON_WRITE_DOCS").is_some() {
        fs::write(&path, &rendered).expect("write docs/input-contract.md");
        return;
    }
    let committed = fs::read_to_string(&path).expect("docs/input-contract.md");
    assert!(
        committed == rendered,
        "docs/input-contract.md is not the contract table as rendered now; regenerate it with\n  {}\n(the tables come from src/model/contract/mod.rs, the prose from \
         src/model/contract/input-contract.template.md; edit those, not the file)\n\n{}",
        rtb_recon::model::contract::REGENERATE_DOC,
        first_difference(&committed, &rendered)
    );
}

/// The first line where `committed` and `rendered` differ, for the message.
fn first_difference(committed: &str, rendered: &str) -> String {
    let mut committed_lines = committed.lines();
    let mut rendered_lines = rendered.lines();
    for number in 1.. {
        match (committed_lines.next(), rendered_lines.next()) {
            (None, None) => break,
            (a, b) if a == b => {}
            (a, b) => {
                return format!(
                    "first difference, line {number}:\n  committed: {}\n  rendered:  {}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                );
            }
        }
    }
    "the files differ only in their line ends".to_owned()
}
