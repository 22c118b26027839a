"""Process maps: yEd GraphML parsed safely, a graph model, an SVG renderer and a text alternative.

Layers: ``parser`` (bytes → ``model.Graph``, hardened XML), ``flow`` (a process-flow block →
``Graph`` with a swimlane layout), ``render`` (``Graph`` → SVG with link slots), ``outline``
(``Graph`` → the steps in flow order grouped by lane) and ``services`` (links and caching for
the ``ProcessMap`` snippet).
"""
