#!/usr/bin/env python3
"""Deterministic synthetic corpus for the planpress benchmark.

Writes a whole site of N realistic Swedish party documents (plans, reports, strategy
documents, ~10 KB each) in planpress format (docs/MARKUP.md), or the same corpus as a Hugo
or Zola site with minimal templates doing equivalent work. Same arguments, same bytes.

    bench/gen_corpus.py --docs 1000 --seed 1 --out /dev/shm/corpus --format planpress
    bench/gen_corpus.py --docs 1000 --seed 1 --out /dev/shm/corpus-hugo --format hugo
    bench/gen_corpus.py --docs 1000 --seed 1 --out /dev/shm/corpus-zola --format zola

Stages: plan the documents (organisation, kind, period, path) → write each body with its
items and anchors, strategy documents first so reports can quote their commitments and
goals can implement them → resolve the cross-document link placeholders against the
anchors that really exist → the yearly cycle (issue #21): annual reports for plans that have
goals with ids, a sixth of the N documents (so N is the site's size, as Hugo and Zola count
it, and the budget's "10,000 documents" are 10,000), and goals of the next plan continuing
goals of the one before → serialise in the requested format. Python 3.11+, stdlib only.
"""

import argparse
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus_text as T  # noqa: E402

REPO = HERE.parent
MARKER = ".gen_corpus"
LINK_RE = re.compile("\x00(\\d+)\x00")
_TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u",
                        "Å": "a", "Ä": "a", "Ö": "o", "É": "e", "–": "-"})


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_TRANS)).strip("-")


def attr_block(id=None, classes=(), **kv):
    parts = ["#" + id] if id else []
    parts += ["." + c for c in classes]
    parts += [f'{k}="{v}"' for k, v in kv.items() if v]
    return "{" + " ".join(parts) + "}" if parts else ""


def capitalize(s):
    return s if s[:2].isupper() else s[:1].upper() + s[1:]


# ---------------------------------------------------------------- organisations

@dataclass
class Org:
    slug: str
    name: str
    level: str
    parent: "Org | None"
    place: str


def build_orgs(n_docs, n_districts):
    party = Org(T.PARTY[0], T.PARTY[1], "party", None, "Sverige")
    districts = [Org(s, "Vänsterpartiet " + n, "district", party, n)
                 for s, n, _ in T.DISTRICTS[:n_districts]]
    pools = [list(munis) for _, _, munis in T.DISTRICTS[:n_districts]]
    wanted = min(sum(map(len, pools)), max(n_districts, n_docs // 10))
    taken = {party.slug} | {d.slug for d in districts}
    locals_ = []
    while len(locals_) < wanted and any(pools):      # round robin over the districts
        for dist, pool in zip(districts, pools):
            if pool and len(locals_) < wanted:
                muni = pool.pop(0)
                slug = slugify(muni)
                if slug in taken:                        # Håbo and Habo
                    slug = f"{slug}-{dist.slug}"
                taken.add(slug)
                locals_.append(Org(slug, "Vänsterpartiet " + muni, "local", dist, muni))
    return party, districts, locals_


def render_organizations_toml(orgs):
    out = ["# The organisations of the synthetic benchmark corpus (bench/gen_corpus.py).", ""]
    for o in orgs:
        out += ["[[organization]]", f'slug = "{o.slug}"', f'name = "{o.name}"',
                f'level = "{o.level}"']
        if o.parent:
            out.append(f'parent = "{o.parent.slug}"')
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- documents

@dataclass
class LinkReq:
    scope: str          # related | random | org-plan | strategy
    anchor: str         # p | heading | goal | rec | commit | any
    form: str           # md | wiki | wiki-text


@dataclass
class Doc:
    idx: int
    org: Org
    kind: str
    year: int
    period: str
    slug: str
    title: str
    subtitle: str = ""
    date: str = ""
    status: str = "adopted"
    topics: list = field(default_factory=list)
    implements: list = field(default_factory=list)      # Doc objects (strategies)
    body: str = ""
    anchors: dict = field(default_factory=dict)         # kind -> [id]
    commitments: list = field(default_factory=list)     # (id, text)
    links: list = field(default_factory=list)           # LinkReq, index = placeholder
    resolved: list = field(default_factory=list)        # (planpress, hugo, zola) per link
    reports_on: object = None                           # an annual report's plan (Doc)

    @property
    def ref(self):
        return f"{self.org.slug}/{self.slug}"


def plan_documents(n, seed, orgs):
    """Stage 1: who publishes what, when, under which path."""
    party, districts, locals_ = orgs
    rng = Random(f"{seed}/meta")
    counters, used, docs = {}, set(), []
    for i in range(n):
        if i == 0:
            org, kind = party, "strategy"
        else:
            r = rng.random()
            if r < 0.01:
                org = party
                kind = "strategy" if rng.random() < 0.3 else "report"
            elif r < 0.15:
                org = rng.choice(districts)
                kind = rng.choices(["plan", "report", "strategy"], [45, 40, 15])[0]
            else:
                org = rng.choice(locals_)
                kind = "plan" if rng.random() < 0.55 else "report"
        if kind == "report":
            tword, tslug = rng.choice(T.REPORT_TITLES)
        elif kind == "strategy":
            tword, tslug = rng.choice(T.STRATEGY_TITLES)
        else:
            tword, tslug = "Verksamhetsplan", "verksamhetsplan"
        key = (org.slug, kind, tslug)
        while True:
            c = counters.get(key, 0)
            counters[key] = c + 1
            if kind == "strategy":
                year = 2024 - 4 * c
                period = f"{year}–{year + 4}"
                slug = f"{tslug}-{year}-{year + 4}"
                title = f"{tword} {period}"
            elif kind == "plan" and org.level == "district":
                year = 2025 - c
                period = f"{year}–{year + 1}"
                slug = f"{tslug}-{year}-{year + 1}"
                title = f"{tword} {period}"
            elif kind == "plan" and c % 4 == 3:
                year = 2024 - c
                period = f"{year}/{(year + 1) % 100:02d}"
                slug = f"{tslug}-{year}-{year + 1}"
                title = f"{tword} {period}"
            else:
                year = 2024 - c
                period = str(year)
                slug = f"{tslug}-{year}"
                title = f"{tword} {year}"
            if (org.slug, slug) not in used:
                used.add((org.slug, slug))
                break
        d = Doc(i, org, kind, year, period, slug, title)
        if rng.random() < 0.4:
            d.subtitle = rng.choice(T.SUBTITLES).format(place=org.place)
        if rng.random() < 0.85:
            y = year - 1 if (kind != "report" and rng.random() < 0.5) else year
            d.date = f"{y:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        d.status = rng.choices(["adopted", "proposal", "draft"], [80, 15, 5])[0]
        docs.append(d)
    return docs


# ---------------------------------------------------------------- body writer

class Writer:
    """Writes one document body: blocks of Markdown, anchors, link placeholders."""

    def __init__(self, doc, rng, ctx):
        self.doc, self.rng, self.ctx = doc, rng, ctx
        self.blocks = []
        self.ids = set()
        self.par_no = 0
        self.numbered = False
        self.used_headings = set()
        self.subgoal_no = 0
        self.target = 0           # bytes; the document kind's writer stops near it
        self.anchors = {"p": [], "heading": [], "goal": [], "rec": [], "commit": []}

    # -- text
    def obj(self, topic):
        return self.rng.choice(T.OBJECTS.get(topic) or T.GENERIC_OBJECTS)

    def actor_form(self, exclude=None):
        slug, forms = self.rng.choice([a for a in self.ctx.actors if a[0] != exclude])
        form = forms[0] if self.rng.random() < 0.7 else self.rng.choice(forms)
        return slug, form

    def fill(self, template, topic):
        rng, doc = self.rng, self.doc
        state = {}

        def value(m):
            key = m.group(1)
            if key == "obj":
                v = state.setdefault("obj", self.obj(topic))
            elif key == "obj2":
                v = self.obj(rng.choice(self.ctx.topics))
                if v == state.get("obj"):
                    v = rng.choice(T.GENERIC_OBJECTS)
            elif key in ("actor", "Actor"):
                v = self.actor_form()[1]
                v = capitalize(v) if key == "Actor" else v
            else:
                v = {
                    "org": doc.org.name, "place": doc.org.place,
                    "problem": rng.choice(T.PROBLEMS),
                    "year": str(doc.year - rng.randint(0, 2)),
                    "year2": str(doc.year + rng.randint(1, 4)),
                    "n": str(rng.randint(3, 40)), "n2": str(rng.randint(2, 8)),
                    "pct": str(rng.randrange(10, 75, 5)),
                }.get(key, m.group(0))
            return v

        text = re.sub(r"\{(\w+)\}", value, template)
        return re.sub(r"\{(\w+)\}", value, text)   # phrases may hold {year2}

    def sentences(self, topic, k, pools):
        out, seen = [], set()
        while len(out) < k:
            template = self.rng.choice(self.rng.choice(pools))
            if template not in seen:
                seen.add(template)
                out.append(self.fill(template, topic))
        return out

    def distinct(self, templates, k, topic):
        """k list items from distinct templates."""
        return [self.fill(t, topic) for t in self.rng.sample(templates, min(k, len(templates)))]

    # -- ids
    def new_id(self, prefix, text):
        words = [w for w in slugify(re.sub(r"\{[^}]*\}|\([^)]*\)", "", text)).split("-")
                 if len(w) >= 4 and w.isalpha() and w not in T.STOPWORDS]
        cands = [f"{prefix}-{a}-{b}" for a, b in zip(words, words[1:])]
        cands += [f"{prefix}-{w}" for w in words]
        for c in cands:
            if c not in self.ids:
                self.ids.add(c)
                return c
        base = cands[0] if cands else prefix + "-punkt"
        for suffix in "bcdefghijklmnopqrstuvwxyz":
            if f"{base}-{suffix}" not in self.ids:
                self.ids.add(f"{base}-{suffix}")
                return f"{base}-{suffix}"
        raise RuntimeError("ran out of ids")

    def link(self, scope, anchor):
        r = self.rng.random()
        form = "md" if r < 0.8 else ("wiki" if r < 0.9 else "wiki-text")
        self.doc.links.append(LinkReq(scope, anchor, form))
        return f"\x00{len(self.doc.links) - 1}\x00"

    # -- blocks
    def heading(self, level, text, explicit_id=None, classes=(), **kv):
        """Add a heading whose id is unique in the document; returns that id."""
        slug = slugify(text)
        if explicit_id is None and (slug in self.ids or not slug):
            explicit_id = f"{slug or 'avsnitt'}-{len(self.blocks)}"
        hid = explicit_id or slug
        self.ids.add(hid)
        if explicit_id:
            self.anchors["heading"].append(explicit_id)
        attrs = attr_block(explicit_id, classes, **kv)
        self.blocks.append("#" * level + " " + text + (" " + attrs if attrs else ""))
        return hid

    def unique_heading_text(self, topic):
        pool = [h for h in T.HEADINGS.get(topic, []) if h not in self.used_headings]
        if not pool:
            pool = [h for hs in T.HEADINGS.values() for h in hs if h not in self.used_headings]
        text = self.rng.choice(pool) if pool else f"Avsnitt {len(self.blocks)}"
        self.used_headings.add(text)
        return text

    def label(self, text):
        """A short unnumbered paragraph introducing a list ("Medel:")."""
        self.blocks.append(text)

    def paragraph(self, sentences, link_p=0.0, scope="related", anchor="any"):
        if self.rng.random() < link_p:
            form = self.rng.choice(T.LINK_SENTENCES)
            sentences.insert(self.rng.randint(1, len(sentences)),
                             form.format(link=self.link(scope, anchor)))
        if self.numbered:
            self.par_no += 1
            first = self.par_no
            self.anchors["p"].append(f"p{first}")
            if len(sentences) > 3 and self.rng.random() < 0.08:
                self.par_no += 1          # the printed margin number falls mid-paragraph
                self.anchors["p"].append(f"p{self.par_no}")
                sentences.insert(2, f"{{§{self.par_no}}}")
            elif len(self.anchors["p"]) > 3 and self.rng.random() < 0.05:
                target = self.rng.choice(self.anchors["p"][:-1])
                sentences.append(f"(Se [§{target[1:]}](#{target}).)")
            text = f"§{first} " + " ".join(sentences)
        else:
            text = " ".join(sentences)
        self.blocks.append(text)

    def item_list(self, items, ordered=False, list_attrs=""):
        if list_attrs:
            self.blocks.append(list_attrs)
        lines = []
        for i, (text, attrs) in enumerate(items, 1):
            bullet = f"{i}." if ordered else "-"
            lines.append(f"{bullet} {text}" + (f" {attrs}" if attrs else ""))
        self.blocks.append("\n".join(lines))

    def text(self):
        return "\n\n".join(self.blocks) + "\n"


# ---------------------------------------------------------------- document kinds

def pick_topics(rng, ctx, k, must=None):
    topics = rng.sample(ctx.topics, k)
    if must and must in ctx.topics and must not in topics:
        topics[0] = must
    return topics


def implements_attr(w, strategies, p):
    if not strategies or w.rng.random() >= p:
        return ""
    s = w.rng.choice(strategies)
    if not s.commitments:
        return ""
    cid = w.rng.choice(s.commitments)[0]
    return f"@/{s.ref}.md#{cid}"


def write_goals(w, topic, section_title, strategies, under_heading):
    rng = w.rng
    goals, goal_ids = [], []
    for text in w.distinct(T.GOALS, rng.randint(3, 6), topic):
        gid = w.new_id("mal", text) if rng.random() < 0.3 else None
        kv = {}
        if rng.random() < 0.4:
            kv["status"] = rng.choice(["not-started", "ongoing", "done", "dropped"])
        if rng.random() < 0.15:
            kv["topics"] = rng.choice(w.ctx.topics)
        kv["implements"] = implements_attr(w, strategies, 0.1)
        if gid:
            w.anchors["goal"].append(gid)
            goal_ids.append(gid)
        goals.append((text, attr_block(gid, (), **kv)))
    ordered = rng.random() < 0.4
    if under_heading:
        explicit = w.new_id("mal", section_title) if rng.random() < 0.4 else None
        title = f"Målsättningar för {section_title.lower()}"
        if rng.random() < 0.2 and w.numbered:
            w.par_no += 1
            w.anchors["p"].append(f"p{w.par_no}")
            title = f"§{w.par_no} {title.upper()}"
            explicit = explicit or w.new_id("mal", section_title)
        w.heading(4, title, explicit, ("goals",))
        w.item_list(goals, ordered)
    else:
        w.label(f"Målsättningar för {section_title.lower()} under verksamhetsperioden:")
        w.item_list(goals, ordered, "{.goals}")
    return goal_ids


def write_activities(w, topic, section_title, goal_ids):
    rng = w.rng
    items = []
    for text in w.distinct(T.ACTIVITIES, rng.randint(3, 7), topic):
        kv = {}
        if goal_ids and rng.random() < 0.1:
            kv["goals"] = " ".join(rng.sample(goal_ids, min(len(goal_ids), 2)))
        items.append((text, attr_block(None, (), **kv)))
    w.heading(4, f"Aktiviteter för {section_title.lower()}", None, ("activities",))
    w.item_list(items)


def write_plan(w, ctx, strategies):
    rng, doc = w.rng, w.doc
    w.numbered = rng.random() < 0.6
    for _ in range(rng.randint(1, 3)):
        w.paragraph(w.sentences(rng.choice(doc.topics), rng.randint(3, 6), [T.SENTENCES]),
                    0.3)
    chapter = 0
    while len(w.text()) < w.target - 1200:
        chapter += 1
        topic = doc.topics[(chapter - 1) % len(doc.topics)] if rng.random() < 0.7 \
            else rng.choice(ctx.topics)
        title = w.unique_heading_text(topic)
        num = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][chapter - 1] \
            if chapter <= 10 and rng.random() < 0.3 else str(chapter)
        w.heading(2, f"{num}. {title}", f"kap-{chapter}" if rng.random() < 0.25 else None,
                  (), topics=topic if rng.random() < 0.6 else "")
        for _ in range(rng.randint(1, 3)):
            w.paragraph(w.sentences(topic, rng.randint(3, 7), [T.SENTENCES]), 0.3)
        for _ in range(rng.randint(1, 2)):
            sub_topic = topic if rng.random() < 0.6 else rng.choice(ctx.topics)
            sub = w.unique_heading_text(sub_topic)
            w.heading(3, sub, None, (), topics=sub_topic)
            for _ in range(rng.randint(1, 2)):
                w.paragraph(w.sentences(sub_topic, rng.randint(3, 6), [T.SENTENCES]), 0.25)
            if rng.random() < 0.25:
                write_subgoal(w, sub_topic)
            else:
                goal_ids = write_goals(w, sub_topic, sub, strategies, rng.random() < 0.6)
                if rng.random() < 0.6:
                    write_activities(w, sub_topic, sub, goal_ids)
        if chapter > 30:
            break


def write_subgoal(w, topic):
    """Huddinge style: a `.goal` heading, a paragraph, and its means as activities."""
    rng = w.rng
    w.subgoal_no += 1
    text = w.fill(rng.choice(T.GOALS), topic).rstrip(".")
    gid = w.new_id("mal", text)
    w.anchors["goal"].append(gid)
    w.heading(4, f"Delmål {w.subgoal_no}: {text}", gid, ("goal",))
    w.paragraph(w.sentences(topic, rng.randint(2, 4), [T.SENTENCES]))
    w.label("Medel:")
    items = [(t, "") for t in w.distinct(T.ACTIVITIES, rng.randint(2, 5), topic)]
    w.item_list(items, False, "{.activities}")


def recommendation(w, topic, vp_template):
    rng = w.rng
    form = rng.choice(T.REC_FORMS)
    a_slug, a = w.actor_form()
    b_slug, b = w.actor_form(exclude=a_slug)
    vp = w.fill(vp_template, topic)
    return form.format(a=a, A=capitalize(a), b=b, vp=vp), a_slug


def write_report(w, ctx, strategies):
    rng, doc = w.rng, w.doc
    w.numbered = rng.random() < 0.3
    for _ in range(rng.randint(1, 2)):
        w.paragraph(w.sentences(rng.choice(doc.topics), rng.randint(3, 5),
                                [T.REPORT_SENTENCES, T.SENTENCES]), 0.3)
    if rng.random() < 0.4:
        w.label("Vi fick följande uppdrag att arbeta med:")
        w.item_list([("att " + t + ".", "")
                     for t in w.distinct(T.REC_VPS, rng.randint(3, 5), rng.choice(doc.topics))])
    source = strategies[-1] if strategies else None
    if source:
        w.heading(2, f"Strategidokumentets tillämpning i {doc.org.place}")
        w.paragraph(w.sentences("strategi", rng.randint(2, 4), [T.REPORT_SENTENCES]) +
                    [f"Varje avsnitt inleds med uppdragen, i kursivt, från "
                     f"{w.link('strategy', 'any')}, följs av vår analys och avslutas med "
                     f"våra rekommendationer."])
    section = 0
    while len(w.text()) < w.target - 1000:
        section += 1
        topic = doc.topics[(section - 1) % len(doc.topics)] if rng.random() < 0.7 \
            else rng.choice(ctx.topics)
        title = w.unique_heading_text(topic)
        w.heading(2, title, None, (), topics=topic)
        if source and source.commitments and rng.random() < 0.7:
            quoted = rng.sample(source.commitments, min(len(source.commitments),
                                                        rng.randint(1, 4)))
            w.item_list([(f"*{quote_text(t)}*", "") for _, t in quoted], False, "{.quotes}")
        for _ in range(rng.randint(2, 3)):
            w.paragraph(w.sentences(topic, rng.randint(3, 6),
                                    [T.REPORT_SENTENCES, T.SENTENCES]), 0.3)
        items = []
        for vp_template in rng.sample(T.REC_VPS, rng.randint(2, 5)):
            text, a_slug = recommendation(w, topic, vp_template)
            rid = w.new_id("rek", text) if rng.random() < 0.5 else None
            kv = {"to": a_slug if rng.random() < 0.1 else "",
                  "implements": implements_attr(w, strategies, 0.2)}
            if rid:
                w.anchors["rec"].append(rid)
            items.append((text, attr_block(rid, (), **kv)))
        if rng.random() < 0.4:
            w.heading(3, f"Rekommendationer: {title.lower()}", None, ("recommendations",))
            w.item_list(items)
        else:
            w.item_list(items, False, "{.recommendations}")
        if rng.random() < 0.3:
            w.heading(3, f"Uppföljning av målen: {title.lower()}")
            w.paragraph(w.sentences(topic, 2, [T.REPORT_SENTENCES]))
            w.item_list([(rng.choice(T.FOLLOWUP_FORMS).format(link=w.link("org-plan", "goal")), "")
                         for _ in range(rng.randint(1, 3))])
        if section > 30:
            break


def motion_ref(rng):
    e = rng.randint(1, 60)
    return rng.choice([f"(E{e}:{rng.randint(1, 4)})", f"(E{e})", f"(PS svar till E{e})",
                       f"(E{e}:{rng.randint(1, 3)}, PS svar till E{e + 1})"])


def amend(rng, text):
    """Occasionally turn a phrase into an amendment (CriticMarkup) with its motion."""
    r = rng.random()
    if r < 0.12:
        words = text.split(" ")
        cut = rng.randint(1, max(1, len(words) - 1))
        return " ".join(words[:cut]) + " {++" + " ".join(words[cut:]) + "++} " + motion_ref(rng)
    if r < 0.2:
        return text + " {--" + rng.choice(T.GENERIC_OBJECTS) + "--} " + motion_ref(rng)
    return text


def quote_text(commitment):
    """The adopted text of a commitment, as the report quotes it."""
    t = re.sub(r"\{--.*?--\}", "", commitment)
    t = re.sub(r"\{\+\+(.*?)\+\+\}", r"\1", t)
    t = re.sub(r"\((?:E\d|PS svar)[^)]*\)", "", t)
    return capitalize(re.sub(r"\s+", " ", t).strip()) + "."


def write_strategy(w, ctx, strategies):
    rng, doc = w.rng, w.doc
    subject = "Vänsterpartiet" if doc.org.level == "party" else doc.org.name
    for _ in range(rng.randint(1, 3)):
        w.paragraph(w.sentences("strategi", rng.randint(3, 6),
                                [T.STRATEGY_SENTENCES, T.SENTENCES]), 0.2)
    part = 0
    while len(w.text()) < w.target - 1500:
        part += 1
        topic = doc.topics[(part - 1) % len(doc.topics)]
        w.heading(2, f"Del {part}: {w.unique_heading_text(topic)}", None, (), topics=topic)
        for _ in range(rng.randint(1, 3)):
            sub_topic = rng.choice(ctx.topics) if rng.random() < 0.5 else topic
            w.heading(3, w.unique_heading_text(sub_topic), None, (), topics=sub_topic)
            for _ in range(rng.randint(2, 3)):
                sents = w.sentences(sub_topic, rng.randint(3, 6),
                                    [T.STRATEGY_SENTENCES, T.SENTENCES])
                if rng.random() < 0.3:
                    i = rng.randrange(len(sents))
                    sents[i] = sents[i] + " " + motion_ref(rng)
                w.paragraph(sents, 0.15)
            w.label(f"{subject} kommer att...")
            items = []
            for text in w.distinct(T.COMMIT_VPS, rng.randint(2, 5), sub_topic):
                cid = w.new_id("ata", text)
                text = amend(rng, text)
                w.anchors["commit"].append(cid)
                doc.commitments.append((cid, text))
                items.append((text, attr_block(cid)))
            topics_kv = rng.choice(ctx.topics) if rng.random() < 0.2 else ""
            w.item_list(items, False, attr_block(None, ("commitments",), topics=topics_kv))
        if part > 20:
            break


class Context:
    def __init__(self, topics, actors):
        self.topics = topics      # topic slugs the text bank can write about
        self.actors = actors      # (slug, forms)


def write_document(doc, seed, ctx, strategies):
    rng = Random(f"{seed}/doc/{doc.idx}")
    k = rng.randint(2, 5)
    doc.topics = sorted(pick_topics(rng, ctx, k, "strategi" if doc.kind == "strategy" else None))
    if doc.kind != "strategy" and strategies and rng.random() < 0.7:
        doc.implements = [strategies[-1]]
    w = Writer(doc, rng, ctx)
    w.target = max(4500, min(16000, rng.gauss(8500, 2000)))
    if doc.kind == "strategy":
        w.target *= 1.4
        write_strategy(w, ctx, strategies)
    elif doc.kind == "report":
        write_report(w, ctx, doc.implements)
    else:
        write_plan(w, ctx, doc.implements)
    doc.body = w.text()
    doc.anchors = w.anchors


def strategies_for(doc, strategies_by_org):
    """Strategy documents that apply to a document: its district's and the party's."""
    chain, o = [], doc.org
    while o:
        chain.append(o.slug)
        o = o.parent
    found = [s for slug in reversed(chain) for s in strategies_by_org.get(slug, [])
             if s.year <= doc.year + 1]
    return sorted(found, key=lambda s: (s.year, s.idx))[-3:]


# ---------------------------------------------------------------- links

def resolve_links(docs, seed):
    by_org = {}
    for d in docs:
        by_org.setdefault(d.org.slug, []).append(d)
    for d in docs:
        if not d.links:
            continue
        rng = Random(f"{seed}/links/{d.idx}")
        related, o = [], d.org
        while o:
            related += [x for x in by_org.get(o.slug, []) if x is not d]
            o = o.parent
        org_plans = [x for x in by_org[d.org.slug] if x.kind == "plan" and x.anchors["goal"]] \
            or [x for x in related if x.kind == "plan" and x.anchors["goal"]]
        out = []
        for req in d.links:
            pool = {"related": related, "org-plan": org_plans,
                    "strategy": d.implements}.get(req.scope) or related
            if pool and rng.random() < (0.95 if req.scope != "related" else 0.6):
                target = rng.choice(pool)
            else:
                target = docs[rng.randrange(len(docs))]
                if target is d:
                    target = docs[(d.idx + 1) % len(docs)]
            out.append(render_link(rng, req, target))
        d.resolved = out


def render_link(rng, req, target):
    """Returns (planpress, hugo, zola) Markdown of one link."""
    kinds = [req.anchor] if req.anchor != "any" else []
    kinds += [k for k in ("heading", "commit", "rec", "goal", "p") if k not in kinds]
    anchor = ""
    for k in kinds:
        if target.anchors.get(k):
            anchor = rng.choice(target.anchors[k])
            break
    if req.anchor == "any" and rng.random() < 0.2:
        anchor = ""
    label = f"{target.title} för {target.org.name}"
    if anchor.startswith("p") and anchor[1:].isdigit():
        label = f"§{anchor[1:]} i {label}"
    frag = "#" + anchor if anchor else ""
    hugo = f'[{label}]({{{{< relref "/{target.ref}.md{frag}" >}}}})'
    zola = f"[{label}](@/{target.ref}.md{frag})"
    if req.form == "wiki" and anchor:
        return f"[[{target.ref}{frag}]]", hugo, zola
    if req.form in ("wiki", "wiki-text"):
        return f"[[{target.ref}{frag}|{label}]]", hugo, zola
    return zola, hugo, zola


# ---------------------------------------------------------------- the yearly cycle

CONTINUED_GOALS = ["Fortsätta arbetet med förra årets mål.",
                   "Slutföra det som påbörjades förra året.",
                   "Nå hela vägen med målet från förra året."]


def annual_reports_in(n_docs):
    """How many of N documents are annual reports: a sixth, about one for every two plans
    with goals, as associations that report on their plan do."""
    return n_docs // 6


def add_yearly_cycle(docs, seed, reports_wanted):
    """Issue #21: `reports_wanted` annual reports for plans drawn at random, their outcomes
    following the plan's goals up; and goals of a later plan that continue goals of the
    organisation's plan before.
    Added after every other document is written, from their own random stream, so the
    documents the corpus had before keep their bytes unless a goal continues into them.
    Only goals with explicit ids are named (the generator does not derive ids)."""
    rng = Random(f"{seed}/yearly")
    plans_by_org = {}
    for d in docs:
        if d.kind == "plan" and d.anchors.get("goal"):
            plans_by_org.setdefault(d.org.slug, []).append(d)
    reported = []
    for org_slug in sorted(plans_by_org):
        plans = sorted(plans_by_org[org_slug], key=lambda d: (d.year, d.idx))
        for earlier, later in zip(plans, plans[1:]):
            if rng.random() < 0.5:
                carried = rng.sample(earlier.anchors["goal"],
                                     min(len(earlier.anchors["goal"]), rng.randint(1, 2)))
                items = "".join(
                    f"- {rng.choice(CONTINUED_GOALS)} "
                    f'{{continues="@/{earlier.ref}.md#{gid}"}}\n'
                    for gid in carried)
                later.body += (f"\n## Mål som förs vidare från {earlier.period}\n\n"
                               f"#### Målsättningar {{.goals}}\n\n{items}")
        reported.extend(plans)
    reported = rng.sample(reported, min(reports_wanted, len(reported)))
    reported.sort(key=lambda d: d.idx)
    docs.extend(annual_report(plan, rng, len(docs) + i) for i, plan in enumerate(reported))


def annual_report(plan, rng, idx):
    lines = [f"Styrelsen lämnar härmed sin berättelse om verksamheten under {plan.period}.",
             "", "## Utfall", "", "{.outcomes}", ""]
    for gid in plan.anchors["goal"]:
        status = rng.choices(["done", "ongoing", "not-started", "dropped", ""],
                             [40, 25, 10, 10, 15])[0]
        text = rng.choice(["Målet nåddes under året.", "Arbetet pågår och fortsätter.",
                           "Det fanns inte tid att börja.", "Styrelsen beslutade att avsluta "
                           "arbetet.", "Delvis genomfört; se nästa års plan."])
        lines.append(f'- {text} {{goal="@/{plan.ref}.md#{gid}" status="{status}"}}')
    doc = Doc(idx, plan.org, "annual-report", plan.year, plan.period, f"vb-{plan.slug}",
              f"Verksamhetsberättelse {plan.period}")
    doc.date = f"{plan.year + 1:04d}-0{rng.randint(2, 4)}-{rng.randint(10, 28)}"
    doc.topics = plan.topics[:1]
    doc.reports_on = plan
    doc.body = "\n".join(lines) + "\n"
    doc.anchors = {"goal": [], "heading": ["utfall"], "p": [], "rec": [], "commit": []}
    return doc


# ---------------------------------------------------------------- serialisation

def front_matter(doc, fmt):
    if fmt == "zola":
        return zola_front_matter(doc)
    hugo = fmt == "hugo"
    lines = ["+++", f'title = "{doc.title}"']
    if doc.subtitle:
        lines.append(f'subtitle = "{doc.subtitle}"')
    lines.append(f'{"doc_kind" if hugo else "kind"} = "{doc.kind}"')
    lines += [f'organization = "{doc.org.slug}"', f'period = "{doc.period}"']
    if doc.date:
        lines.append(f"date = {doc.date}")
    lines.append(f'status = "{doc.status}"')
    lines.append("topics = [" + ", ".join(f'"{t}"' for t in doc.topics) + "]")
    if doc.implements and not hugo:
        lines.append("implements = [" + ", ".join(f'"{s.ref}"' for s in doc.implements) + "]")
    if doc.reports_on and not hugo:
        lines.append(f'reports_on = "@/{doc.reports_on.ref}.md"')
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


ATTR = r"\{(?:[#.][^{}]*|[a-z_]+=[^{}]*)\}"
HEADING_ATTR_RE = re.compile(r"^(#{1,6} .*?) ?(" + ATTR + r")$", re.M)
LINE_ATTR_RE = re.compile(r"^" + ATTR + r"\n\n", re.M)
ITEM_ATTR_RE = re.compile(r"^((?:-|\d+\.) .*?) " + ATTR + r"$", re.M)


def to_hugo_body(body):
    """Same Markdown for Hugo: keep heading ids (goldmark reads `{#id}`), drop other
    attribute blocks, keep CriticMarkup and § numbers as plain text."""
    def heading(m):
        ident = re.match(r"\{#([^\s}]+)", m.group(2))
        return m.group(1) + (" {#" + ident.group(1) + "}" if ident else "")
    body = HEADING_ATTR_RE.sub(heading, body)
    body = LINE_ATTR_RE.sub("", body)
    body = ITEM_ATTR_RE.sub(r"\1", body)
    return re.sub(r"\{(§\d+)\}", r"\1", body)


def zola_front_matter(doc):
    """Zola takes only its own keys at the top level: the rest goes under [extra]."""
    lines = ["+++", f'title = "{doc.title}"']
    if doc.date:
        lines.append(f"date = {doc.date}")
    lines += ["[taxonomies]", "topics = [" + ", ".join(f'"{t}"' for t in doc.topics) + "]",
              "[extra]", f'kind = "{doc.kind}"', f'organization = "{doc.org.slug}"',
              f'period = "{doc.period}"', f'status = "{doc.status}"']
    if doc.subtitle:
        lines.append(f'subtitle = "{doc.subtitle}"')
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def to_zola_body(body):
    """Same Markdown for Zola: heading ids as `{#id}`, other attribute blocks removed.
    Zola checks that the anchor of every internal link exists, so each anchor a link
    can point at that is not a heading id (numbered paragraphs `pN`, goals,
    recommendations and commitments with ids) gets an empty `<span id>` where
    planpress would put it."""
    def heading(m):
        ident = re.match(r"\{#([^\s}]+)", m.group(2))
        text = re.sub(r"^(#{1,6} )§(\d+)", r'\1<span id="p\2"></span>§\2', m.group(1))
        return text + (" {#" + ident.group(1) + "}" if ident else "")

    def item(m):
        ident = re.match(r"\{#([^\s}]+)", m.group(2))
        return m.group(1) + (f' <span id="{ident.group(1)}"></span>' if ident else "")
    body = HEADING_ATTR_RE.sub(heading, body)
    body = LINE_ATTR_RE.sub("", body)
    body = ZOLA_ITEM_ATTR_RE.sub(item, body)
    body = re.sub(r"(?m)^§(\d+)", r'<span id="p\1"></span>§\1', body)
    return re.sub(r"\{§(\d+)\}", r'<span id="p\1"></span>§\1', body)


ZOLA_ITEM_ATTR_RE = re.compile(r"^((?:-|\d+\.) .*?) (" + ATTR + r")$", re.M)
BODIES = {"planpress": lambda body: body, "hugo": to_hugo_body, "zola": to_zola_body}
LINK_FORM = {"planpress": 0, "hugo": 1, "zola": 2}


def render_doc(doc, fmt):
    body = BODIES[fmt](doc.body)
    body = LINK_RE.sub(lambda m: doc.resolved[int(m.group(1))][LINK_FORM[fmt]], body)
    return front_matter(doc, fmt) + body


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def prepare_out(out):
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            sys.exit(f"gen_corpus: {out} exists, is not empty and was not written by "
                     f"gen_corpus.py; refusing to delete it")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def site_toml(source, title):
    text = (source / "site.toml").read_text(encoding="utf-8")
    line = f'title = "{title}"'
    if re.search(r"(?m)^title\s*=.*$", text):
        return re.sub(r"(?m)^title\s*=.*$", lambda _: line, text, count=1)
    return line + "\n" + text


def write_planpress(out, docs, orgs, source, args):
    vocab = source / "content"
    write(out / "site.toml", site_toml(source, f"Syntetisk korpus: {args.docs} dokument "
                                                f"(frö {args.seed})"))
    for name in ("topics.toml", "actors.toml"):
        write(out / "content" / name, (vocab / name).read_text(encoding="utf-8"))
    write(out / "content" / "organizations.toml", render_organizations_toml(orgs))
    for d in docs:
        write(out / "content" / f"{d.ref}.md", render_doc(d, "planpress"))


def write_hugo(out, docs, orgs, source, args):
    topics = tomllib.loads((source / "content" / "topics.toml").read_text(encoding="utf-8"))
    write(out / "config.toml", HUGO_CONFIG.format(n=args.docs, seed=args.seed))
    write(out / "data" / "organizations.toml",
          "".join(f'[{o.slug}]\nname = "{o.name}"\nlevel = "{o.level}"\n\n' for o in orgs))
    write(out / "data" / "topics.toml",
          "".join(f'[{t["slug"]}]\nlabel = "{t["label"]}"\n\n' for t in topics["topic"]))
    write(out / "content" / "_index.md", '+++\ntitle = "Planer och rapporter"\n+++\n')
    for o in sorted({d.org.slug: d.org for d in docs}.values(), key=lambda o: o.slug):
        write(out / "content" / o.slug / "_index.md",
              f'+++\ntitle = "{o.name}"\norganization = "{o.slug}"\n+++\n')
    for d in docs:
        write(out / "content" / f"{d.ref}.md", render_doc(d, "hugo"))
    layouts = HERE / "hugo_layouts"
    for f in sorted(layouts.rglob("*")):
        if f.is_file():
            write(out / "layouts" / f.relative_to(layouts), f.read_text(encoding="utf-8"))


def write_zola(out, docs, orgs, source, args):
    topics = tomllib.loads((source / "content" / "topics.toml").read_text(encoding="utf-8"))
    # Names go in config.extra: a template reads them without loading a data file per page.
    extra = "".join(f'[extra.organizations.{o.slug}]\nname = "{o.name}"\nlevel = "{o.level}"\n\n'
                    for o in orgs)
    extra += "".join(f'[extra.topics.{t["slug"]}]\nlabel = "{t["label"]}"\n\n'
                     for t in topics["topic"])
    write(out / "config.toml", ZOLA_CONFIG.format(n=args.docs, seed=args.seed) + extra)
    write(out / "content" / "_index.md", '+++\ntitle = "Planer och rapporter"\n+++\n')
    for o in sorted({d.org.slug: d.org for d in docs}.values(), key=lambda o: o.slug):
        # Sorted by title: Zola leaves a page without a date out of a date-sorted list, and
        # a third of the documents have none. Not `transparent`, although that is how Zola
        # would list the newest documents of every section on the home page: it hands the
        # home template every page serialized with its content, which doubled Zola's time
        # on 10,000 documents (38 s -> 74 s); so Zola's home page has no such list.
        write(out / "content" / o.slug / "_index.md",
              f'+++\ntitle = "{o.name}"\nsort_by = "title"\n'
              f'generate_feeds = true\n[extra]\norganization = "{o.slug}"\n+++\n')
    for d in docs:
        write(out / "content" / f"{d.ref}.md", render_doc(d, "zola"))
    templates = HERE / "zola" / "templates"
    for f in sorted(templates.rglob("*")):
        if f.is_file():
            write(out / "templates" / f.relative_to(templates), f.read_text(encoding="utf-8"))


ZOLA_CONFIG = """\
base_url = "https://example.org/planer"
default_language = "sv"
title = "Syntetisk korpus: {n} dokument (frö {seed})"
compile_sass = false
build_search_index = false
generate_feeds = true
taxonomies = [{{name = "topics", feed = true}}]

[link_checker]
internal_level = "error"

"""


HUGO_CONFIG = """\
baseURL = "https://example.org/planer/"
languageCode = "sv"
defaultContentLanguage = "sv"
title = "Syntetisk korpus: {n} dokument (frö {seed})"
enableRobotsTXT = true
refLinksErrorLevel = "ERROR"

[taxonomies]
  topic = "topics"

[markup.goldmark.parser.attribute]
  title = true
  block = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 4
"""


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, required=True, help="number of documents")
    p.add_argument("--seed", default="1", help="random seed (any string)")
    p.add_argument("--out", type=Path, required=True, help="site folder to (re)create")
    p.add_argument("--format", choices=["planpress", "hugo", "zola"], default="planpress")
    p.add_argument("--districts", type=int, default=len(T.DISTRICTS))
    p.add_argument("--source", type=Path, default=REPO,
                   help="planpress site whose site.toml, topics.toml and actors.toml to use")
    args = p.parse_args()
    if args.docs < 1:
        p.error("--docs must be at least 1")

    vocab = args.source / "content"
    topic_slugs = [t["slug"] for t in
                   tomllib.loads((vocab / "topics.toml").read_text(encoding="utf-8"))["topic"]]
    actors = [(a["slug"], a["forms"]) for a in
              tomllib.loads((vocab / "actors.toml").read_text(encoding="utf-8"))["actor"]]
    ctx = Context([t for t in topic_slugs if t in T.OBJECTS] or topic_slugs, actors)

    party, districts, locals_ = build_orgs(args.docs, args.districts)
    reports = annual_reports_in(args.docs)
    docs = plan_documents(args.docs - reports, args.seed, (party, districts, locals_))
    strategies_by_org = {}
    for d in docs:
        if d.kind == "strategy":
            write_document(d, args.seed, ctx, [])
            strategies_by_org.setdefault(d.org.slug, []).append(d)
    for d in docs:
        if d.kind != "strategy":
            write_document(d, args.seed, ctx, strategies_for(d, strategies_by_org))
    resolve_links(docs, args.seed)
    add_yearly_cycle(docs, args.seed, reports)

    prepare_out(args.out)
    write(args.out / MARKER, f"gen_corpus.py --docs {args.docs} --seed {args.seed} "
                             f"--format {args.format}\n")
    orgs = [party] + districts + locals_
    writer = {"planpress": write_planpress, "hugo": write_hugo, "zola": write_zola}
    writer[args.format](args.out, docs, orgs, args.source, args)
    print(f"gen_corpus: {len(docs)} documents, {len(orgs)} organisations -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
