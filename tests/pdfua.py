"""Reading a tagged PDF with readers the portal does not use to write it: poppler's pdfinfo and
pdftotext, and pypdf for the structure tree and the marked content of the pages."""

import io
import re
import subprocess

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject


def pdfinfo(data, *args):
    return subprocess.run(["pdfinfo", *args, "-"], input=data, capture_output=True, check=True).stdout.decode()


def pdftotext(data, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def struct_tags(data):
    """The structure element types in the order pdfinfo -struct prints them."""
    return re.findall(r"^\s*([A-Za-z0-9]+)\b", pdfinfo(data, "-struct"), re.MULTILINE)


def _tree_mcids(reader):
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    found = set()

    def walk(node, page):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, int):
            found.add((page, int(node)))
            return
        if isinstance(node, list):
            for kid in node:
                walk(kid, page)
            return
        if not isinstance(node, DictionaryObject):
            return
        if "/Pg" in node:
            page = pages[node.raw_get("/Pg").idnum]
        if node.get("/Type") == "/MCR":
            found.add((page, int(node["/MCID"])))
            return
        if "/K" in node:
            walk(node["/K"], page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], None)
    return found


def marked_content(data):
    """(mcids in the page streams, mcids reachable from the structure tree, pages' artifact
    blocks that draw text): tagged content must all hang in the tree (PDF/UA 7.1)."""
    reader = PdfReader(io.BytesIO(data))
    in_streams, artifact_text = set(), []
    for index, page in enumerate(reader.pages):
        stack, texts = [], 0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                stack.append(operands[0])
                if operator == b"BDC" and isinstance(operands[1], DictionaryObject) and "/MCID" in operands[1]:
                    in_streams.add((index, int(operands[1]["/MCID"])))
            elif operator == b"EMC" and stack:
                stack.pop()
            elif operator in (b"Tj", b"TJ") and "/Artifact" in stack:
                texts += 1
        artifact_text.append(texts)
    return in_streams, _tree_mcids(reader), artifact_text
