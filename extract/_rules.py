"""Ruled tables: the ruling lines a page draws, and the grids of cells they make.

A text-layer page's rules come from its own path objects, read with pdfium
(`path_edges`); a scan's are found in the image (extract/_ocr.py `find_rules`). Both are
edges as pdfplumber describes them (dicts with x0, x1, top, bottom, width, height and
orientation, in points or pixels from the top left), and `grids_from_edges` turns them
into tables with pdfplumber's own steps: rules snapped and joined, cells from where they
cross. Only those geometry steps are pdfplumber's: opening a page in pdfplumber parses
its whole content stream again with pdfminer.six, about a hundred times as slow as pdfium
reads the paths.
"""

from __future__ import annotations

import ctypes
import itertools
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]
Point = tuple[float, float]

# pdfplumber's table finder defaults (TableSettings), which found the text layers' tables
# before: rules this close are snapped and joined into one, and shorter ones are no rules.
TEXT_LAYER_TOLERANCE = 3.0
TEXT_LAYER_MIN_RULE = 3.0
# A path segment shorter than this is no edge at all (`edge_min_length_prefilter`).
MIN_EDGE = 1.0
# A scan's rules, in pixels at 300 dpi (under 1 mm): a rule found in the image wavers and
# breaks more than a drawn one.
SCAN_TOLERANCE_PX = 8.0


@dataclass
class _Grid:
    bbox: Box  # x0, top, x1, bottom
    rows: list[list[Box | None]]  # cell boxes, None = merged
    row_tops: list[float]
    # Tables printed inside a cell (the KR form's agency targets), by (row, column).
    inner: dict[tuple[int, int], list[_Grid]] = field(default_factory=dict)

    @property
    def col_edges(self) -> list[float]:
        edges = sorted({round(cell[0]) for row in self.rows for cell in row if cell})
        return [float(e) for e in edges]


def grids_from_edges(edges: list[dict], *, tolerance: float = SCAN_TOLERANCE_PX,
                     min_length: float = 0.0) -> list[_Grid]:
    """Tables from ruling lines, with pdfplumber's own table finder steps: edges within
    `tolerance` of each other snapped and joined, merged rules shorter than `min_length`
    dropped, cells where rules cross within `tolerance`. Sorted from the top."""
    from pdfplumber import table as pt

    if not edges:
        return []
    merged = pt.merge_edges(edges, snap_x_tolerance=tolerance, snap_y_tolerance=tolerance,
                            join_x_tolerance=tolerance, join_y_tolerance=tolerance)
    merged = [e for e in merged if _length(e) >= min_length]
    intersections = pt.edges_to_intersections(merged, x_tolerance=tolerance,
                                              y_tolerance=tolerance)
    cells = pt.intersections_to_cells(intersections)
    grids = []
    for group in pt.cells_to_tables(cells):
        table = pt.Table(None, group)  # type: ignore[arg-type]
        rows = [list(row.cells) for row in table.rows]
        if len(rows) < 1:
            continue
        tops = [min(c[1] for c in row if c) for row in rows]
        grids.append(_Grid(tuple(table.bbox), rows, tops))
    return sorted(grids, key=lambda g: g.bbox[1])


def text_layer_grids(paths: list, page_height: float) -> list[_Grid]:
    """The tables a text-layer page rules with its path objects `paths` (raw pdfium
    handles, `objects_by_type`), as pdfplumber's `find_tables()` finds them with its
    default settings."""
    return grids_from_edges(path_edges(paths, page_height), tolerance=TEXT_LAYER_TOLERANCE,
                            min_length=TEXT_LAYER_MIN_RULE)


# --- rules from a page's paths ---------------------------------------------------------------

def objects_by_type(page) -> dict[int, list]:
    """The page's top-level objects as raw pdfium handles, by type (FPDF_PAGEOBJ_*), in
    one pass: pypdfium2's `get_objects` makes a wrapper of every object it passes, which
    cost more than reading the rules themselves."""
    import pypdfium2.raw as pdfium_c

    found: dict[int, list] = {}
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        handle = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if handle:
            found.setdefault(pdfium_c.FPDFPageObj_GetType(handle), []).append(handle)
    return found


def path_edges(paths: list, page_height: float) -> list[dict]:
    """The horizontal and vertical edges, at least `MIN_EDGE` long, of the path objects
    `paths` (a page's top-level ones), in points from the page's top left, the
    coordinates of the text layer's characters. A path is taken apart as pdfminer.six
    takes it apart for pdfplumber (`_shape_edges`)."""
    edges: list[dict] = []
    for path in paths:
        for shape, points in _subpaths(path, page_height):
            edges += _shape_edges(shape, points)
    return [e for e in edges if e["orientation"] is not None and _length(e) >= MIN_EDGE]


def _subpaths(path, page_height: float) -> list[tuple[str, list[Point]]]:
    """A path object's subpaths, each as its operators in pdfminer's letters (m: move,
    l: line, c: curve, h: close) and the point each ends at, on the page, from its top.

    pdfium stores a curve as three points (two control points and the end), and a close
    as a flag on the segment back to the start (the last side of `re` included): a close
    becomes `h`, where pdfminer, which reads the operators, sees one."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(path, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[list[str], list[Point]]] = []
    curve_points = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e,
                 page_height - (matrix.b * x.value + matrix.d * y.value + matrix.f))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            subpaths.append((["m"], [point]))
            curve_points = 0
            continue
        if not subpaths:
            continue  # a path must start with a move; pdfminer drops one that does not
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve_points += 1
            if curve_points % 3:
                continue  # a control point: the curve ends at its third point
        operators, points = subpaths[-1]
        operator = "c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"
        if (operator == "l" and pdfium_c.FPDFPathSegment_GetClose(segment)
                and point == points[0]):
            operator = "h"
        operators.append(operator)
        points.append(point)
    return [("".join(operators), points) for operators, points in subpaths]


def _shape_edges(shape: str, points: list[Point]) -> list[dict]:
    """A subpath's edges as pdfplumber makes them (pdfminer.six `paint_path`): a single
    segment is a line, a closed four-sided path with sides along the axes a rectangle (its
    four sides), anything else a curve (each segment)."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-2] + points[-1:]  # a redundant last side
    if shape in ("ml", "mlh"):
        return [_line_edge(points[0], points[1])]
    if shape in ("mlllh", "mllll") and _is_rectangle(points):
        return _rectangle_edges(points)
    return [_segment_edge(a, b) for a, b in itertools.pairwise(points)]


def _is_rectangle(points: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), end = points
    return end == points[0] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str | None) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation}


def _line_edge(a: Point, b: Point) -> dict:
    """A straight line; pdfplumber calls every line that is not level vertical."""
    return _edge(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]),
                 "h" if a[1] == b[1] else "v")


def _segment_edge(a: Point, b: Point) -> dict:
    """A segment of a curve: an edge only when level or upright."""
    orientation = "v" if a[0] == b[0] else ("h" if a[1] == b[1] else None)
    return _edge(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]),
                 orientation)


def _rectangle_edges(points: list[Point]) -> list[dict]:
    xs, tops = [p[0] for p in points], [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return [_edge(x0, top, x1, top, "h"), _edge(x0, bottom, x1, bottom, "h"),
            _edge(x0, top, x0, bottom, "v"), _edge(x1, top, x1, bottom, "v")]


def _length(edge: dict) -> float:
    return edge["height"] if edge["orientation"] == "v" else edge["width"]
