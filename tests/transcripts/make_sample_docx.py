"""Builds interviewer/samples/muelltonne-bestellung-teams.docx, a German
interview in the layout of a Microsoft Teams transcript export: title,
date and duration paragraphs, then for each contribution a header paragraph
"Name   m:ss" followed by what was said.

Run from the repository root after editing the text below:
    .venv/bin/python tests/transcripts/make_sample_docx.py
"""

from __future__ import annotations

from pathlib import Path

import docx

TARGET = Path(__file__).resolve().parents[2] / "interviewer" / "samples" / "muelltonne-bestellung-teams.docx"

TITLE = "Prozessinterview Abfallwirtschaft – Bestellung einer zusätzlichen Biotonne"
PREAMBLE = ["5. März 2024, 09:58", "41 Min. 17 Sek.", "Becker, Thomas hat die Transkription gestartet"]

# (speaker, seconds, text); consecutive blocks of one speaker are how Teams
# splits long answers, the reader joins them into one turn.
BLOCKS: list[tuple[str, int, str]] = [
    (
        "Becker, Thomas",
        3,
        "So, die Aufnahme läuft. Frau Schneider, Herr Demir, danke, dass Sie da sind. "
        "Was passiert, wenn ein Bürger eine zusätzliche Biotonne bestellt?",
    ),
    (
        "Schneider, Claudia (Abfallberatung)",
        18,
        "Ja, also, die Bürger bestellen das über das Serviceportal der Stadt, da gibt es ein Formular. "
        "Das Formular landet bei uns in der Abfallberatung als E-Mail im Sammelpostfach.",
    ),
    (
        "Schneider, Claudia (Abfallberatung)",
        31,
        "Das Postfach schauen wir einmal am Tag durch, meistens vormittags. "
        "Und dann, ähm, prüfe ich als Erstes, ob die Person überhaupt Eigentümer vom Grundstück ist.",
    ),
    ("Becker, Thomas", 47, "Warum muss das der Eigentümer sein?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        50,
        "Weil der Gebührenbescheid an den Eigentümer geht. Mieter dürfen keine Tonne bestellen, "
        "das steht so in der Satzung. Und in der Hälfte der Fälle bestellen Mieter. Dann schreibe ich zurück, "
        "dass der Vermieter das bestellen muss, und dann hören wir oft zwei, drei Wochen nichts.",
    ),
    ("Becker, Thomas", 78, "Wie prüfen Sie das mit dem Eigentümer?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        81,
        "In der Grundstücksdatei. Das ist eine Excel-Liste, die die Kämmerei pflegt, "
        "die kriegen wir einmal im Monat neu. Wenn jemand gerade gekauft hat, steht er da noch nicht drin, "
        "dann rufe ich in der Kämmerei an.",
    ),
    ("Becker, Thomas", 104, "Und wenn der Eigentümer bestellt hat?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        108,
        "Dann lege ich den Auftrag in SAP an, im Modul für die Abfallgebühren. "
        "Die Daten aus dem Formular tippe ich ab, das Portal ist nicht an SAP angebunden. So zehn Minuten pro Auftrag.",
    ),
    (
        "Schneider, Claudia (Abfallberatung)",
        126,
        "Nein, Moment, vorher frage ich noch beim Betriebshof, ob an der Adresse überhaupt Platz "
        "für eine weitere Tonne ist, bei Reihenhäusern ist das manchmal ein Problem. Das geht per E-Mail an die Disposition.",
    ),
    (
        "Demir, Okan (Betriebshof, Disposition)",
        149,
        "Das landet bei mir. Ehrlich gesagt schaue ich mir das nicht jeden Tag an, eher so zweimal die Woche. "
        "Meistens ist das eh kein Problem, dann schreibe ich einfach okay zurück.",
    ),
    ("Becker, Thomas", 168, "Wie geht es weiter, wenn der Auftrag in SAP ist?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        172,
        "Dann muss der Gebührenbescheid geändert werden. Das macht die Kämmerei, die Veranlagung. "
        "Die laufen den Änderungsbescheid aber nur einmal im Monat, zum Monatsende. Bis zum nächsten Monatslauf passiert da nichts.",
    ),
    ("Becker, Thomas", 195, "Muss die Tonne auf den Bescheid warten?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        198,
        "Eigentlich nicht. Aber so ist es halt geregelt, die Auslieferung wird erst freigegeben, "
        "wenn der Bescheid raus ist. Das war mal so, weil Tonnen geliefert und nie bezahlt wurden, glaube ich.",
    ),
    (
        "Demir, Okan (Betriebshof, Disposition)",
        221,
        "Und dann kommt die Auslieferung zu uns. Ich mache freitags die Tourenplanung für die nächste Woche, "
        "und jeder Bezirk wird nur an einem festen Tag beliefert. Also kann das nochmal eine Woche dauern.",
    ),
    (
        "Demir, Okan (Betriebshof, Disposition)",
        240,
        "Die Tonnen selbst kommen von einem externen Dienstleister, der Behälterlogistik Nord. "
        "Die müssen den Chip an der Tonne registrieren, damit das Leerungsfahrzeug sie erkennt. "
        "Dafür schicke ich denen die Liste per E-Mail, und die brauchen so drei Tage.",
    ),
    ("Becker, Thomas", 262, "Wie erfährt der Bürger, wann die Tonne kommt?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        266,
        "Gar nicht, ehrlich gesagt. Die rufen bei uns an und fragen. "
        "Ich sehe aber die Tourenplanung vom Betriebshof nicht, also muss ich da wieder anrufen.",
    ),
    (
        "Becker, Thomas",
        281,
        "Wie lange dauert das im Schnitt, von der Bestellung bis die Tonne vor der Tür steht?",
    ),
    (
        "Schneider, Claudia (Abfallberatung)",
        286,
        "So vier Wochen, wenn alles glatt läuft. Wenn ein Mieter bestellt hat, eher sechs bis acht Wochen. "
        "Die eigentliche Arbeit sind vielleicht zwanzig Minuten bei mir und eine Stunde beim Betriebshof.",
    ),
    (
        "Demir, Okan (Betriebshof, Disposition)",
        305,
        "Und wir werden gemessen an der Zahl der Leerungen pro Tour, nicht daran, wie schnell eine Tonne geliefert wird.",
    ),
    ("Becker, Thomas", 318, "Was würden Sie ändern, wenn Sie könnten?"),
    (
        "Schneider, Claudia (Abfallberatung)",
        322,
        "Dass das Portal gleich prüft, ob jemand Eigentümer ist, und die Daten direkt in SAP schreibt. "
        "Und dass die Tonne nicht auf den Monatslauf warten muss.",
    ),
    ("Becker, Thomas", 337, "Vielen Dank Ihnen beiden."),
]


def stamp(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def build(target: Path = TARGET) -> Path:
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for line in PREAMBLE:
        document.add_paragraph(line)
    for speaker, seconds, text in BLOCKS:
        document.add_paragraph(f"{speaker}   {stamp(seconds)}")
        document.add_paragraph(text)
    document.core_properties.title = TITLE
    document.save(str(target))
    return target


if __name__ == "__main__":
    print(build())
