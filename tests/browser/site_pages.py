"""One page of each kind of the sample site, by name."""

ENTRY = "projets/histologe/journal/2019-11-18-raconter-plusieurs-fois-son-histoire/"
PAGES = {
    "home": "",
    "projects": "projets/",
    "projects by phase": "projets/phase/arrete/",
    "project": "projets/histologe/",
    "project journal": "projets/histologe/journal/",
    "entry": ENTRY,
    "journal": "journal/",
    "journal page 2": "journal/page/2/",
    "journal by kind": "journal/sorte/etape/",
    "journal by year": "journal/annee/2019/",
    "person": "personnes/vickie-ache/",
    "awards": "palmares/",
    "statistics": "statistiques/",
    "programme": "programme/",
    "legal notice": "mentions-legales/",
    "accessibility": "accessibilite/",
    "personal data": "donnees-personnelles/",
    "404": "nulle-part/",
}
