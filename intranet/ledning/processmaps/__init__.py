"""Process maps: yEd GraphML parsed safely, a graph, an SVG renderer and a text alternative.

- ``models``: the ``ProcessMap`` snippet (the GraphML file, its cached graph and SVG) and the
  links from its steps made by hand;
- ``parser`` (bytes → ``graph.Graph``, with the hardened parser of ``ledning.xml``), ``layout``
  (a process flow block → ``Graph`` with swimlanes), ``render`` (``Graph`` → SVG with link
  slots), ``outline`` (``Graph`` → the steps in flow order grouped by lane) and ``upload``
  (a file parsed and drawn once, for the cache): plain code, no database;
- ``selectors``: a map, a process flow or a yEd document drawn for a page, with its links;
- ``forms``, ``viewsets``: the snippet's admin.
"""
