from .actors import Actor, Position
from .changes import Change, FormerSlug
from .citations import CITING_FIELDS, Citation, CoverageNote
from .figures import ReportedFigure
from .meetings import Meeting, Participation
from .resolutions import Resolution, Sponsorship, Vote
from .sources import Source
from .statements import Addressee, Statement
from .topics import Topic

__all__ = [
    "CITING_FIELDS",
    "Actor",
    "Addressee",
    "Change",
    "Citation",
    "CoverageNote",
    "FormerSlug",
    "Meeting",
    "Participation",
    "Position",
    "ReportedFigure",
    "Resolution",
    "Source",
    "Sponsorship",
    "Statement",
    "Topic",
    "Vote",
]
