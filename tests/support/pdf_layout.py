"""pdf_layout.py — measures the page layout of a PDF that itbcp typeset.

    pdf_layout.py [--min-size PT] [--plan] FILE.pdf [[--min-size PT] [--plan] FILE.pdf ...]

Reads the words of every page with their boxes (poppler's `pdftotext
-bbox-layout`) and prints one line per offence, exiting 1 if there is one:

  --min-size PT  a word set in type smaller than PT points.  poppler gives
                 a word the height of its font's ascent plus descent, which
                 for Noto Sans CJK JP (the one family itbcp sets) is 1.448
                 em, so a word's size is its height / 1.448.
  --plan         the rules of a printed plan (issue 16, item 6):
                 - a heading (1.1., 2.1.4., (2), 別表1.) or a table caption
                   with nothing below it on its page (the foot, or alone on
                   a page with its figure pushed to the next);
                 - a continued table page ("…（続き）") whose first lines
                   hold none already printed in that table (its header was
                   not repeated, nor does a sub-header open a section whose
                   column names were);
                 - a table whose caption page holds only rows that are
                   repeated as the header of its continuation (caption and
                   header stranded at the foot);
                 - a footnote (a line that starts with its mark, ※1 ※2 …) not
                   at the foot of its page: a line in body type under it,
                   its last line away from the text area's foot, its
                   further lines not hanging under its text (clear of the
                   mark), or its mark in no line above it on the page;
                 - a header that breaks inside a word (「現状対策レ/ベル」,
                   「必要予算（千/円）」): a line of a table header ending in a
                   katakana or ASCII letter or digit, or inside brackets,
                   with the next line of the same cell going on with one.

Lines are rebuilt from the words (same top within 1 pt), as a reader sees
them; furniture (running header, page number, footer) is left out.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

EM = 1.448  # Noto Sans CJK JP: (ascent + descent) / em
MM = 72.0 / 25.4
NUM = re.compile(r"^(?:\d+\.)+$|^\(\d+\)$|^別表\d+\.$")
LABEL = re.compile(r"^(?:表|別表\d+)$")
CONT = "（続き）"
MARK = re.compile(r"^※\d+$")  # a footnote's mark
# header texts of the demo plan that wrap in their cells; a break in each
# must fall between words
HEADERS = ("現状対策レベル", "目標対策レベル", "必要予算（千円）", "現状レベル",
           "ステップ1到達レベル", "ステップ2到達レベル", "予算未定の項目")


def words_of(path):
    """Pages as (width, height, [(x0, y0, x1, y1, text)])."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter():
        if not page.tag.endswith("}page"):
            continue
        ws = []
        for w in page.iter():
            if w.tag.endswith("}word") and w.text:
                ws.append((float(w.get("xMin")), float(w.get("yMin")),
                           float(w.get("xMax")), float(w.get("yMax")), w.text))
        pages.append((float(page.get("width")), float(page.get("height")), ws))
    return pages


def body_lines(w, h, ws):
    """The page's lines of text, top to bottom: (y0, y1, [words by x]),
    without the running header above the text area and the page number and
    footer below it."""
    top, foot = 14.0 * MM, h - 15.0 * MM
    rows = []
    for word in sorted(ws, key=lambda t: (t[1], t[0])):
        if word[3] < top or word[1] > foot:
            continue
        if rows and abs(rows[-1][0] - word[1]) < 1.0:
            rows[-1][2].append(word)
            rows[-1][1] = max(rows[-1][1], word[3])
        else:
            rows.append([word[1], word[3], [word]])
    for r in rows:
        r[2].sort(key=lambda t: t[0])
    return rows


def text(row):
    return " ".join(t[4] for t in row[2])


def is_heading(w, row):
    first = row[2][0]
    left = (14.0 if w > 700 else 16.0) * MM  # the text area's left edge
    return (NUM.match(first[4]) and abs(first[0] - left) < 0.5 and
            first[3] - first[1] >= 9.9 * EM and len(row[2]) > 1)


def is_caption(row):
    """A table's caption: 表 N, 別表N, or a figure's table 図 N 付表."""
    ws = [t[4] for t in row[2]]
    return ((LABEL.match(ws[0]) or ws[0] == "図" and ws[2:3] == ["付表"])
            and CONT not in text(row))


def label_of(row):
    """"表 3.1-2" of a caption or continuation line."""
    ws = row[2]
    return ws[0][4] + (" " + ws[1][4] if ws[0][4] in ("表", "図") and len(ws) > 1 else "")


def check_sizes(pages, least, bad):
    small = min(((t[3] - t[1]) / EM, n + 1, t[4]) for n, (_, _, ws) in enumerate(pages)
                for t in ws)
    if small[0] < least - 0.05:
        bad.append("p. %d: 「%s」 in %.1f pt, under %.1f pt" % (small[1], small[2], small[0],
                                                                least))
    return small[0]


def katakana(c):
    return "\u30a1" <= c <= "\u30fa" or c == "\u30fc" or c.isascii() and c.isalnum()


def is_footnote(row):
    """A footnote's first line: its mark (※1, ※2 …) as a word."""
    return bool(MARK.match(row[2][0][4])) and len(row[2]) > 1


def check_footnotes(n, w, h, rows, bad):
    """Footnotes at the foot of page n, under what marks them."""
    at = next((i for i, r in enumerate(rows) if is_footnote(r)), None)
    if at is None:
        return
    for r in rows[at + 1:]:
        size = max(t[3] - t[1] for t in r[2]) / EM
        if size > 8.0:
            bad.append("p. %d: 「%s」 (%.1f pt) under a footnote" % (n + 1, text(r), size))
    foot = h - (16.0 if w > h else 18.0) * MM
    if rows[-1][1] < foot - 14.0:
        bad.append("p. %d: footnotes end %.0f pt above the foot" % (n + 1, foot - rows[-1][1]))
    # a footnote's further lines hang under its text, clear of its mark
    hang = None
    for r in rows[at:]:
        if is_footnote(r):
            hang = r[2][1][0]
        elif abs(r[2][0][0] - hang) > 1.0:
            bad.append("p. %d: footnote line 「%s」 does not hang under its text"
                       % (n + 1, text(r)))
    above = "".join(text(r) for r in rows[:at])
    for r in rows[at:]:
        if is_footnote(r) and r[2][0][4] not in above:
            bad.append("p. %d: footnote %s is marked nowhere above it" % (n + 1, r[2][0][4]))


def check_plan(pages, bad):
    lines = [body_lines(*p) for p in pages]
    # the title page and the contents come before the first chapter
    first = next((n for n, rows in enumerate(lines)
                  if rows and is_heading(pages[n][0], rows[0])), 0)
    seen = {}  # table label: line texts printed so far
    current = None
    for n, rows in enumerate(lines):
        if n < first:
            continue
        w = pages[n][0]
        check_footnotes(n, w, pages[n][1], rows, bad)
        for i, row in enumerate(rows):
            t = text(row)
            what = ("heading" if is_heading(w, row) else
                    "caption" if is_caption(row) else None)
            if what and i == len(rows) - 1:
                bad.append("p. %d: %s 「%s」 is the last line of its page" % (n + 1, what, t))
            if what == "caption":
                current = label_of(row)
                seen[current] = set()
                below = [text(r) for r in rows[i + 1:]]
                nxt = lines[n + 1] if n + 1 < len(lines) else []
                if nxt and CONT in text(nxt[0]) and label_of(nxt[0]) == current:
                    head = [text(r) for r in nxt[1:1 + len(below)]]
                    if below and below == head:
                        bad.append("p. %d: %s has only its header on the caption's page"
                                   % (n + 1, current))
            elif what == "heading":
                current = None
            elif CONT in t and i == 0:
                # the first row was printed before (the header, repeated),
                # or opens a section whose column names were (a sub-header
                # of its own)
                current = label_of(row)
                old = seen.get(current, set())
                top = []
                for r in rows[1:4]:
                    if is_caption(r) or is_heading(w, r):
                        break
                    top.append(text(r))
                if top and not any(t in old for t in top):
                    bad.append("p. %d: %s continues without its header (first row 「%s」)"
                               % (n + 1, current, text(rows[1])))
            elif current:
                seen.setdefault(current, set()).add(t)
        # header words broken across lines: a word of the page and the one
        # right below it in the same column, joined, make a header text
        ws = pages[n][2]
        for a in ws:
            for b in ws:
                if not (-0.5 < b[1] - a[3] < 1.0 and b[0] >= a[0] - 1 and b[2] <= a[2] + 1):
                    continue
                joined = a[4] + b[4]
                if not any(joined in hd or hd.startswith(joined) for hd in HEADERS):
                    continue
                x, y = a[4][-1], b[4][0]
                inside = a[4].count("（") > a[4].count("）")
                if (katakana(x) and katakana(y)) or inside:
                    bad.append("p. %d: header broken inside a word: 「%s/%s」"
                               % (n + 1, a[4], b[4]))


def main(argv):
    """Each FILE is measured with the options before it (since the file
    before): one run for several files, as python's start is most of the
    cost of a small one."""
    least, plan, bad, files = None, False, [], 0
    args = iter(argv)
    for a in args:
        if a == "--min-size":
            least = float(next(args))
        elif a == "--plan":
            plan = True
        else:
            pages = words_of(a)
            found = []
            if least is not None:
                print("%s: smallest type %.2f pt" % (a, check_sizes(pages, least, found)))
            if plan:
                check_plan(pages, found)
            bad += ["%s: %s" % (a, b) for b in dict.fromkeys(found)]  # once each
            least, plan, files = None, False, files + 1
    if not files:
        sys.exit("usage: pdf_layout.py [--min-size PT] [--plan] FILE.pdf ...")
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
