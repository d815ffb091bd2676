"""Generic extraction: article fields and links from a page without a site profile.

One job per module: `dom` (tree, chrome, visible lines), `jsonld`, `metatags`, `labels`,
`heuristics` (each finds fields one way), `distractors` (dates never to take), `combine`
(picks per field in the order jsonld → meta → label → heuristic), `discover` (page kind,
article, pagination, sitemap and feed links).
"""
