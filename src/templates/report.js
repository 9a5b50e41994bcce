// rtb-recon report: renders the tables of report.html from the JSON block
// #rtb-data. Every value is put into the page with textContent, never as
// HTML. Tables show one page at a time, so 100,000 actions stay fast.
//
// The main action table reads its state from the URL hash and keeps it there,
// so a filtered view can be bookmarked or passed on:
//   report.html#filter=R03&sort=due&dir=asc&size=all&page=2
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("rtb-data").textContent);
  var parsed = performance.now();

  // Every table of the data but the actions is { columns: [name, ...],
  // rows: [[...], ...] }. A column is read through its name, never its position:
  //   var v = column(data.actions, "v_number"); v(row)
  function column(table, name) {
    var i = table.columns.indexOf(name);
    if (i === -1) { throw new Error("report data: no column " + name); }
    return function (row) { return row[i]; };
  }

  // The Dutch words of the codes, as the tool declares them.
  var STATUS = data.words.status;
  var CAUSE = data.words.cause;
  var SUBJECT = data.words.subject_type;
  var CHANGE = data.words.change;
  var VERDICT = data.words.verdict;

  var rules = data.rules.rows;
  var ruleId = column(data.rules, "id");
  var ruleAction = column(data.rules, "action");
  var ruleLabel = column(data.rules, "label");
  var ruleBasis = column(data.rules, "legal_basis");
  var ruleSis = column(data.rules, "sis_effect");
  var ruleByAction = {};
  rules.forEach(function (r) { ruleByAction[ruleAction(r)] = r; });
  function todoOf(action) { var x = ruleByAction[action]; return x ? ruleLabel(x) : ""; }

  function text(tag, value, cls) {
    var e = document.createElement(tag);
    if (value !== undefined && value !== null) { e.textContent = String(value); }
    if (cls) { e.className = cls; }
    return e;
  }

  function readHash() {
    var out = {};
    var h = location.hash.replace(/^#/, "");
    if (h.indexOf("=") === -1) { return out; }
    try {
      new URLSearchParams(h).forEach(function (v, k) { out[k] = v; });
    } catch (e) { /* an unreadable hash is ignored */ }
    return out;
  }

  function writeHash(state) {
    var p = new URLSearchParams();
    Object.keys(state).forEach(function (k) {
      if (state[k] !== "" && state[k] !== undefined && state[k] !== null) { p.set(k, state[k]); }
    });
    var s = p.toString();
    try { history.replaceState(null, "", s ? "#" + s : location.pathname + location.search); } catch (e) { /* file:// in some browsers */ }
  }

  // A filterable, sortable, paged table.
  //   columns: [{ key, label, get(row) -> text, cell(td, row)?, cls?, num? }]
  function Table(root, opts) {
    var self = this;
    this.root = root;
    this.rows = opts.rows;
    this.columns = opts.columns;
    this.pageSize = opts.pageSize || 100;
    this.rowClass = opts.rowClass || null;
    this.onState = opts.onState || null;
    this.sortKey = opts.sortKey || null;
    this.sortDir = opts.sortDir || "asc";
    this.filter = opts.filter || "";
    this.page = opts.page || 0;
    this.haystack = null;

    var bar = text("div", null, "toolbar");
    var label = text("label", "Zoeken ");
    this.input = document.createElement("input");
    this.input.type = "search";
    this.input.value = this.filter;
    this.input.setAttribute("aria-label", "Zoeken in " + (opts.name || "de tabel"));
    label.appendChild(this.input);
    bar.appendChild(label);
    this.count = text("span", "", "count");
    bar.appendChild(this.count);
    this.prev = text("button", "‹ vorige");
    this.next = text("button", "volgende ›");
    this.all = text("button", "");
    bar.appendChild(this.prev);
    bar.appendChild(this.next);
    bar.appendChild(this.all);
    root.appendChild(bar);

    var table = text("table", null, "data");
    var thead = document.createElement("thead");
    var tr = document.createElement("tr");
    this.ths = this.columns.map(function (c) {
      var th = document.createElement("th");
      var b = text("button", c.label);
      b.type = "button";
      b.addEventListener("click", function () { self.sortBy(c.key); });
      th.appendChild(b);
      th.dataset.key = c.key;
      tr.appendChild(th);
      return th;
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    this.tbody = document.createElement("tbody");
    table.appendChild(this.tbody);
    root.appendChild(table);

    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.setFilter(self.input.value); }, 150);
    });
    this.prev.addEventListener("click", function () { self.go(self.page - 1); });
    this.next.addEventListener("click", function () { self.go(self.page + 1); });
    this.all.addEventListener("click", function () {
      self.pageSize = self.pageSize === Infinity ? 100 : Infinity;
      self.page = 0;
      self.render();
    });
    if (opts.size === "all") { this.pageSize = Infinity; }
    this.apply();
    // The URL keeps the table's state only once the reader changes it, so
    // section links (#termijnen) keep working.
    this.interactive = true;
  }

  Table.prototype.column = function (key) {
    for (var i = 0; i < this.columns.length; i++) {
      if (this.columns[i].key === key) { return this.columns[i]; }
    }
    return null;
  };

  Table.prototype.text = function (i) {
    if (!this.haystack) {
      var cols = this.columns;
      this.haystack = this.rows.map(function (r) {
        return cols.map(function (c) { return c.get(r); }).join("\u0001").toLowerCase();
      });
    }
    return this.haystack[i];
  };

  // Recomputes the visible rows: filter, then sort.
  Table.prototype.apply = function () {
    var needle = this.filter.trim().toLowerCase();
    var view = [];
    for (var i = 0; i < this.rows.length; i++) {
      if (!needle || this.text(i).indexOf(needle) !== -1) { view.push(i); }
    }
    var col = this.sortKey ? this.column(this.sortKey) : null;
    if (col) {
      var rows = this.rows;
      var keys = {};
      view.forEach(function (i) { keys[i] = col.get(rows[i]); });
      var dir = this.sortDir === "desc" ? -1 : 1;
      view.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        // Empty cells (no due date, no name) go last either way.
        if (x === "" && y !== "") { return 1; }
        if (y === "" && x !== "") { return -1; }
        if (col.num) { x = Number(x) || 0; y = Number(y) || 0; }
        if (x < y) { return -dir; }
        if (x > y) { return dir; }
        return a - b;
      });
    }
    this.view = view;
    var pages = this.pages();
    if (this.page >= pages) { this.page = Math.max(0, pages - 1); }
    this.render();
  };

  Table.prototype.pages = function () {
    return this.pageSize === Infinity ? 1 : Math.max(1, Math.ceil(this.view.length / this.pageSize));
  };

  Table.prototype.setFilter = function (f) {
    this.filter = f;
    this.page = 0;
    this.apply();
  };

  Table.prototype.sortBy = function (key) {
    if (this.sortKey === key) {
      this.sortDir = this.sortDir === "asc" ? "desc" : "asc";
    } else {
      this.sortKey = key;
      this.sortDir = "asc";
    }
    this.page = 0;
    this.apply();
  };

  Table.prototype.go = function (page) {
    this.page = Math.min(Math.max(0, page), this.pages() - 1);
    this.render();
  };

  Table.prototype.render = function () {
    var self = this;
    var n = this.view.length;
    var from = this.pageSize === Infinity ? 0 : this.page * this.pageSize;
    var to = this.pageSize === Infinity ? n : Math.min(n, from + this.pageSize);
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) {
      var row = this.rows[this.view[k]];
      var tr = document.createElement("tr");
      if (this.rowClass) { var rc = this.rowClass(row); if (rc) { tr.className = rc; } }
      this.columns.forEach(function (c) {
        var td = document.createElement("td");
        if (c.cls) { td.className = c.cls; }
        if (c.cell) { c.cell(td, row); } else { td.textContent = c.get(row); }
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    }
    this.tbody.textContent = "";
    if (n === 0) {
      var empty = document.createElement("tr");
      var td = text("td", this.rows.length ? "Niets gevonden." : "Geen.", "empty");
      td.colSpan = this.columns.length;
      empty.appendChild(td);
      this.tbody.appendChild(empty);
    }
    this.tbody.appendChild(frag);
    this.count.textContent = n === 0 ? "0 rijen"
      : (from + 1) + "–" + to + " van " + n.toLocaleString("nl-NL") +
        (n !== this.rows.length ? " (gefilterd uit " + this.rows.length.toLocaleString("nl-NL") + ")" : "");
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= this.pages() - 1;
    this.all.textContent = this.pageSize === Infinity ? "per 100" : "alles tonen";
    this.all.hidden = this.rows.length <= 100;
    this.prev.hidden = this.next.hidden = this.pages() <= 1 && this.pageSize !== Infinity;
    this.ths.forEach(function (th) {
      if (th.dataset.key === self.sortKey) {
        th.setAttribute("aria-sort", self.sortDir === "desc" ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    this.root.dataset.shown = String(to - from);
    this.root.dataset.matching = String(n);
    this.root.dataset.total = String(this.rows.length);
    if (this.onState && this.interactive) {
      this.onState({
        filter: this.filter, sort: this.sortKey || "", dir: this.sortKey ? this.sortDir : "",
        size: this.pageSize === Infinity ? "all" : "", page: this.page ? String(this.page + 1) : ""
      });
    }
  };

  // The actions come as columns (one array per column, texts shared; see
  // src/output/report/columns.rs). A row of an action table is the
  // action's index into those columns; every getter rebuilds the exact text
  // of actions.csv.
  var A = data.actions;
  var CODES = data.codes;
  function col(name) {
    if (!(name in A)) { throw new Error("report data: no action column " + name); }
    return A[name];
  }
  var cV = col("v_number"), cRule = col("rule"), cType = col("subject_type"), cId = col("subject_id");
  var cAlert = col("sis_alert_id"), cDue = col("due"), cDraft = col("draft_file");
  var cSurname = col("surname"), cGiven = col("given_names"), cWhy = col("explanation");
  var cStatus = col("status"), cCause = col("cause"), names = col("names"), parts = col("parts");
  var literal = {};
  col("literal").forEach(function (i) { literal[i] = true; });
  var verdictAt = {};
  col("verdict").forEach(function (v) { verdictAt[v[0]] = v; });
  var base = Date.UTC(+data.asOf.slice(0, 4), +data.asOf.slice(5, 7) - 1, +data.asOf.slice(8, 10));
  var days = {};
  function day(offset) {
    if (!(offset in days)) { days[offset] = new Date(base + offset * 86400000).toISOString().slice(0, 10); }
    return days[offset];
  }
  function aV(a) { return cV[a]; }
  function aRule(a) { return cRule[a]; }
  function aType(a) { return CODES.subject_type[cType[a]]; }
  function aId(a) { return cId[a] || cV[a]; }
  function aAlert(a) { return cAlert[a]; }
  function aDue(a) { return cDue[a] === null ? "" : day(cDue[a]); }
  function aDraft(a) { return cDraft[a]; }
  function aSurname(a) { return names[cSurname[a]]; }
  function aGiven(a) { return names[cGiven[a]]; }
  function aWhy(a) {
    var text = cWhy[a].map(function (p) { return parts[p]; }).join("; ");
    if (literal[a]) { return text; }
    return text.split("\u0001").join(aId(a)).split("\u0002").join(cAlert[a]).split("\u0003").join(cV[a]);
  }
  function aStatus(a) { return cStatus && cStatus[a] !== null ? CODES.status[cStatus[a]] : null; }
  function aCause(a) { return cCause && cCause[a] !== null ? CODES.cause[cCause[a]] : null; }
  // The verdict in force: [index, kind, until, note, by, recorded], or null (open).
  function aVerdict(a) { return verdictAt[a] || null; }
  function verdictPart(i) { return function (a) { var v = aVerdict(a); return v ? v[i] : ""; }; }
  var vKind = verdictPart(1), vUntil = verdictPart(2), vNote = verdictPart(3), vBy = verdictPart(4), vRecorded = verdictPart(5);
  // Open work first: the main table and the deadlines hold open actions;
  // actions with a verdict have their own table.
  var actions = [];
  var handled = [];
  for (var ai = 0; ai < A.n; ai++) { (verdictAt[ai] ? handled : actions).push(ai); }
  function rule(a) { return rules[aRule(a)]; }
  function name(a) { return [aSurname(a), aGiven(a)].filter(Boolean).join(", "); }
  function subject(a) { return aType(a) === "person" ? SUBJECT.person : (SUBJECT[aType(a)] || aType(a)) + " " + aId(a); }
  function due(a) { return aDue(a); }
  function dueClass(a) {
    if (!aDue(a)) { return ""; }
    if (aDue(a) < data.asOf) { return "overdue"; }
    if (aDue(a) <= data.dueLimit) { return "due-soon"; }
    return "";
  }
  function draftCell(td, a) {
    var f = aDraft(a);
    // Only a path inside drafts/ becomes a link; anything else stays text.
    if (f && f.indexOf("drafts/") === 0 && f.indexOf("..") === -1 && f.indexOf(":") === -1) {
      var link = text("a", "concept");
      link.setAttribute("href", f);
      link.title = f;
      td.appendChild(link);
    } else {
      td.textContent = f || "";
    }
  }
  function statusCell(td, a) {
    var s = STATUS[aStatus(a)] || "";
    td.textContent = s + (aCause(a) ? " (" + (CAUSE[aCause(a)] || aCause(a)) + ")" : "");
    if (aStatus(a) === "new") { td.className = "status-new"; }
  }
  var hasChanges = data.hasChanges;

  var actionColumns = [
    { key: "v", label: "V-nummer", get: aV, cls: "nowrap" },
    { key: "name", label: "Naam", get: name },
    { key: "todo", label: "Wat te doen", get: function (a) { return ruleLabel(rule(a)); } },
    { key: "action", label: "Actie", get: function (a) { return ruleAction(rule(a)); }, cls: "nowrap" },
    { key: "rule", label: "Regel", get: function (a) { return ruleId(rule(a)); } },
    { key: "subject", label: "Onderwerp", get: subject, cls: "nowrap" },
    { key: "due", label: "Uiterlijk", get: due, cls: "due nowrap" },
    { key: "why", label: "Waarom", get: aWhy, cls: "wide" },
    { key: "sis", label: "SIS", get: function (a) { return ruleSis(rule(a)) + (aAlert(a) ? " " + aAlert(a) : ""); } },
    { key: "draft", label: "Concept", get: aDraft, cell: draftCell },
    { key: "basis", label: "Grondslag", get: function (a) { return ruleBasis(rule(a)); } }
  ];
  if (hasChanges) {
    actionColumns.splice(5, 0, {
      key: "change", label: "Wijziging",
      get: function (a) { return (STATUS[aStatus(a)] || "") + (aCause(a) ? " " + (CAUSE[aCause(a)] || aCause(a)) : ""); },
      cell: statusCell
    });
  }

  var hash = readHash();
  var tables = {};
  tables.actions = new Table(document.getElementById("actions-table"), {
    name: "de open acties", rows: actions, columns: actionColumns, rowClass: dueClass,
    filter: hash.filter || "", sortKey: hash.sort || null, sortDir: hash.dir || "asc",
    size: hash.size, page: hash.page ? Math.max(0, (parseInt(hash.page, 10) || 1) - 1) : 0,
    onState: writeHash
  });

  var dueRows = actions.filter(function (a) { return aDue(a) && aDue(a) <= data.dueLimit; });
  tables.due = new Table(document.getElementById("due-table"), {
    name: "de termijnen", rows: dueRows, rowClass: dueClass, sortKey: "due",
    columns: [
      { key: "due", label: "Uiterlijk", get: due, cls: "due nowrap" },
      { key: "v", label: "V-nummer", get: aV, cls: "nowrap" },
      { key: "name", label: "Naam", get: name },
      { key: "todo", label: "Wat te doen", get: function (a) { return ruleLabel(rule(a)); } },
      { key: "action", label: "Actie", get: function (a) { return ruleAction(rule(a)); } },
      { key: "subject", label: "Onderwerp", get: subject, cls: "nowrap" },
      { key: "why", label: "Waarom", get: aWhy, cls: "wide" }
    ]
  });

  tables.handled = new Table(document.getElementById("handled-table"), {
    name: "de afgehandelde acties", rows: handled, sortKey: "recorded", sortDir: "desc",
    columns: [
      { key: "v", label: "V-nummer", get: aV, cls: "nowrap" },
      { key: "name", label: "Naam", get: name },
      { key: "todo", label: "Wat te doen", get: function (a) { return ruleLabel(rule(a)); } },
      { key: "subject", label: "Onderwerp", get: subject, cls: "nowrap" },
      { key: "due", label: "Uiterlijk", get: due, cls: "due nowrap" },
      { key: "verdict", label: "Afhandeling", get: function (a) { return VERDICT[vKind(a)] || vKind(a); } },
      { key: "until", label: "Tot", get: vUntil, cls: "nowrap" },
      { key: "note", label: "Toelichting", get: vNote, cls: "wide" },
      { key: "by", label: "Door", get: vBy },
      { key: "recorded", label: "Vastgelegd", get: vRecorded, cls: "nowrap" }
    ]
  });

  var na = data.not_applied;
  tables.notApplied = new Table(document.getElementById("not-applied-table"), {
    name: "de afhandelingen die niet gelden", rows: na.rows,
    columns: [
      { key: "v", label: "V-nummer", get: column(na, "v_number"), cls: "nowrap" },
      { key: "action", label: "Actie", get: column(na, "action") },
      { key: "subject", label: "Onderwerp", get: column(na, "subject_id"), cls: "nowrap" },
      { key: "verdict", label: "Afhandeling", get: function (r) { var k = column(na, "verdict")(r); return VERDICT[k] || k; } },
      { key: "recorded", label: "Vastgelegd", get: column(na, "recorded"), cls: "nowrap" },
      { key: "detail", label: "Waarom niet", get: column(na, "detail"), cls: "wide" }
    ]
  });

  var resolvedRoot = document.getElementById("resolved-table");
  if (resolvedRoot) {
    var rsV = column(data.resolved, "v_number");
    var rsAction = column(data.resolved, "action");
    var rsId = column(data.resolved, "subject_id");
    var rsCause = column(data.resolved, "cause");
    tables.resolved = new Table(resolvedRoot, {
      name: "de vervallen acties", rows: data.resolved.rows,
      columns: [
        { key: "v", label: "V-nummer", get: rsV, cls: "nowrap" },
        { key: "action", label: "Actie", get: rsAction },
        { key: "todo", label: "Was", get: function (r) { return todoOf(rsAction(r)); } },
        { key: "subject", label: "Onderwerp", get: rsId },
        { key: "cause", label: "Oorzaak", get: function (r) { return CAUSE[rsCause(r)] || rsCause(r); } }
      ]
    });
  }

  var upcomingRoot = document.getElementById("upcoming-table");
  if (upcomingRoot) {
    var uDate = column(data.upcoming, "date");
    var uV = column(data.upcoming, "v_number");
    var uChange = column(data.upcoming, "change");
    var uAction = column(data.upcoming, "action");
    var uType = column(data.upcoming, "subject_type");
    var uId = column(data.upcoming, "subject_id");
    var uRule = column(data.upcoming, "rule_id");
    tables.upcoming = new Table(upcomingRoot, {
      name: "de komende wijzigingen", rows: data.upcoming.rows, sortKey: "date",
      columns: [
        { key: "date", label: "Datum", get: uDate, cls: "nowrap" },
        { key: "v", label: "V-nummer", get: uV, cls: "nowrap" },
        { key: "change", label: "Wijziging", get: function (u) { return CHANGE[uChange(u)] || uChange(u); } },
        { key: "todo", label: "Wat te doen", get: function (u) { return todoOf(uAction(u)); } },
        { key: "action", label: "Actie", get: uAction },
        { key: "subject", label: "Onderwerp", get: function (u) { return uType(u) + " " + uId(u); }, cls: "nowrap" },
        { key: "rule", label: "Regel", get: uRule }
      ]
    });
  }

  tables.findings = new Table(document.getElementById("findings-table"), {
    name: "de bevindingen", rows: data.findings.rows,
    columns: [
      { key: "v", label: "V-nummer", get: column(data.findings, "v_number"), cls: "nowrap" },
      { key: "kind", label: "Soort", get: column(data.findings, "kind") },
      { key: "file", label: "Bestand", get: column(data.findings, "file") },
      { key: "line", label: "Regel", get: column(data.findings, "line"), num: true },
      { key: "detail", label: "Wat", get: column(data.findings, "detail"), cls: "wide" }
    ]
  });

  tables.rejected = new Table(document.getElementById("rejected-table"), {
    name: "de afgekeurde rijen", rows: data.rejected.rows,
    columns: [
      { key: "file", label: "Bestand", get: column(data.rejected, "file") },
      { key: "line", label: "Regel", get: column(data.rejected, "line"), num: true },
      { key: "v", label: "V-nummer", get: column(data.rejected, "v_number"), cls: "nowrap" },
      { key: "column", label: "Kolom", get: column(data.rejected, "column") },
      { key: "value", label: "Waarde", get: column(data.rejected, "value") },
      { key: "reason", label: "Reden", get: column(data.rejected, "reason"), cls: "wide" }
    ]
  });

  // For measurements and headless checks: milliseconds to parse the data,
  // to render the first pages, and since navigation started.
  var root = document.documentElement.dataset;
  root.parseMs = String(Math.round(parsed - started));
  root.renderMs = String(Math.round(performance.now() - parsed));
  root.loadMs = String(Math.round(performance.now()));
  root.ready = "true";
  // Prepare the search index of the big table while the reader looks at the
  // page, so the first keystroke does not wait for it.
  setTimeout(function () { if (actions.length) { tables.actions.text(0); } }, 50);
})();
