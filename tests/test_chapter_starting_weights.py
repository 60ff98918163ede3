"""The chapter "Starting weights" (book/starting-weights.md) as built: its
place at the opening of Part IV.

What every chapter shares (figures, verified identities, exercises,
voice) is checked in test_chapters.py.
"""

import re


def test_starting_weights_opens_part_four(site):
    nav_page = (site / "book" / "verified-equations.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', nav_page)
    part = "Part IV: networks that generalise"
    assert captions.index(part) == captions.index("Part III: networks at work") + 1
    section = nav_page.split(part, 1)[1]
    links = re.findall(r'<a class="reference internal" href="([^"]+)"', section)
    assert links[0].endswith("starting-weights.html")
