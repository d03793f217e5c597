"""Answers for every example service, page by page, keyed by the field names the HTML uses."""

from __future__ import annotations

from tests.services.walk import Journey
from tests.support.files import pdf, png

DRAWING = ("Fasadritning söder.pdf", pdf("Fasad"), "application/pdf")
SITE_PLAN = ("situationsplan.png", png(), "image/png")

FELANMALAN = Journey(
    service="felanmalan",
    title="Felanmälan gata, park och belysning",
    anonymous=True,
    pages={
        "vad": {"category": "belysning"},
        "plats": {
            "location.street": "Storgatan 12",
            "location.landmark": "Lyktstolpe nr 4711 vid övergångsstället.",
        },
        "beskrivning": {"description": "Gatlyktan lyser inte sedan i måndags.", "dangerous": "true"},
        "kontakt": {"wantsContact": "true"},
        "kontaktuppgifter": {
            "contact.name": "Anna Andersson",
            "contact.email": "anna@example.se",
            "contact.phone": "070-123 45 67",
        },
    },
    files={"beskrivning": {"photo": [("lyktstolpe.png", png(), "image/png")]}},
    shown=("Gatubelysning som inte fungerar", "Storgatan 12", "070-123 45 67", "lyktstolpe.png"),
    error=("plats", "location.street", "Lyktstolpe nr 4711"),
)

MEDBORGARFORSLAG = Journey(
    service="medborgarforslag",
    title="Lämna ett medborgarförslag",
    pages={
        "forslag": {
            "title": "Bygg ett utegym i Norrparken",
            "proposal": "Jag föreslår att kommunen bygger ett enkelt utegym vid gångvägen i Norrparken.",
            "reason": "Det saknas platser för motion utomhus i norra delen av staden.",
        },
        "omrade": {"area": "miljo"},
        "forslagsstallare": {
            "proposer.name": "Anna Andersson",
            "proposer.address.street": "Storgatan 1",
            "proposer.address.postalCode": "621 41",
            "proposer.address.city": "Visby",
            "proposer.email": "anna@example.se",
            "proposer.phone": "",
            "publicAware": "true",
        },
    },
    shown=("Bygg ett utegym i Norrparken", "Miljö, parker och natur", "Storgatan 1, 621 41 Visby"),
    error=("forslag", "title", "enkelt utegym vid gångvägen"),
)

FORSKOLEPLATS = Journey(
    service="forskoleplats",
    title="Ansök om plats i förskola",
    # A guardian files for the child: the child's questions are filled in from this choice.
    applicant={"child_number": "20230315-1233", "child_name": "Elsa Andersson"},
    pages={
        "barnet": {"child.name": "Elsa Andersson", "child.personnummer": "20230315-1233"},
        "forskola": {
            "startDate[day]": "16",
            "startDate[month]": "8",
            "startDate[year]": "2027",
            "preschools": ["ekorren", "skogsgläntan"],
        },
        "omsorgsbehov": {"reason": "arbete", "hoursPerWeek": "40"},
        "stod": {"needsSupport": "true", "support": "Elsa har svår nötallergi och behöver nötfri kost."},
        "vardnadshavare": {
            "guardians.0.name": "Anna Andersson",
            "guardians.0.personnummer": "850612-2343",
            "guardians.0.phone": "070-123 45 67",
            "guardians.0.email": "anna@example.se",
            "guardians.1.name": "Erik Andersson",
            "guardians.1.personnummer": "870923-3459",
            "guardians.1.phone": "0498-26 90 00",
            "guardians.1.email": "",
        },
    },
    presses={"vardnadshavare": [("_add", "/guardians")]},
    shown=(
        "20230315-1233",
        "16 augusti 2027",
        "Skogsgläntans förskola",
        "Vårdnadshavare 2: Namn",
        "Erik Andersson",
    ),
    error=("barnet", "child.personnummer", "Elsa Andersson"),
)

PARKERINGSTILLSTAND = Journey(
    service="parkeringstillstand",
    title="Ansök om parkeringstillstånd för rörelsehindrade",
    applicant={"for": "self", "child_number": "", "child_name": ""},
    pages={
        "forare-passagerare": {"role": "passagerare", "needsHelpOutside": "true"},
        "varaktighet": {"duration": "permanent"},
        "funktionsnedsattning": {
            "disability": "Jag har MS och kan inte gå utan stöd mer än korta sträckor.",
            "walkingDistance": "under-50",
            "aids": ["rollator", "rullstol"],
        },
        "lakare": {
            "doctor.name": "Eva Läkare",
            "doctor.clinic": "Vårdcentralen Norrby",
            "previousPermit": "true",
            "previousPermitNumber": "P-2021-0042",
        },
        "kontakt": {"phone": "070-123 45 67", "truthful": "true"},
    },
    files={"lakare": {"medicalCertificate": [("läkarintyg.pdf", pdf("Intyg"), "application/pdf")]}},
    shown=("Passagerare \u2013 någon annan kör mig", "Den är bestående", "Rollator", "P-2021-0042", "läkarintyg.pdf"),
    error=("funktionsnedsattning", "disability", "under-50"),
)

EKONOMISKT_BISTAND = Journey(
    service="ekonomiskt-bistand",
    title="Ansök om ekonomiskt bistånd",
    pages={
        "period": {"month": "nasta"},
        "hushall": {
            "civilStatus": "sambo",
            "household.0.name": "Erik Andersson",
            "household.0.personnummer": "870923-3459",
            "household.0.relation": "make-maka-sambo",
            "household.1.name": "Elsa Andersson",
            "household.1.personnummer": "20230315-1233",
            "household.1.relation": "barn",
        },
        "boende": {"housing": "hyresratt", "rent": "7 450,50"},
        "inkomster": {
            "income.salary": "0",
            "income.benefits": "9 812",
            "income.childAllowance": "1 250",
            "income.housingAllowance": "1 400,75",
            "income.other": "0",
        },
        "tillgangar": {"bankBalance": "312,40", "ownsVehicle": "true", "vehicleValue": "15 000"},
        "utgifter": {
            "expenses.electricity": "450",
            "expenses.childcare": "0",
            "expenses.medicine": "120,50",
            "expenses.other": "",
        },
        "intygande": {"phone": "070-123 45 67", "consentCheck": "true", "truthful": "true"},
    },
    presses={"hushall": [("_add", "/household"), ("_add", "/household")]},
    shown=(
        "Person 2: Namn",
        "Elsa Andersson",
        "7\u00a0450,5",
        "1\u00a0400,75",
        "Hyresrätt med eget kontrakt",
    ),
    error=("boende", "rent", "hyresratt"),
)

OROSANMALAN = Journey(
    service="orosanmalan",
    title="Gör en orosanmälan om ett barn",
    pages={
        "akut": {"urgent": "false"},
        "du": {
            "reporterRole": "skola",
            "workplace": "Norrbyskolan, klasslärare",
            "reporter.name": "Anna Andersson",
            "reporter.phone": "070-123 45 67",
        },
        "barnet": {
            "child.name": "Kim",
            "child.knowsPersonnummer": "false",
            "child.age": "9",
            "child.address": "Går i klass 3 på Norrbyskolan.",
        },
        "oro": {
            "concerns": ["forsummelse", "psykisk-ohalsa"],
            "description": (
                "Kim kommer ofta till skolan utan frukost och utan kläder efter väder, "
                "och säger att ingen är hemma på kvällarna."
            ),
            "guardiansInformed": "nej",
        },
    },
    shown=("Anställd i skola", "Norrbyskolan, klasslärare", "Barnet får inte den omsorg det behöver"),
    error=("oro", "description", "forsummelse"),
)

MEDBORGARDIALOG = Journey(
    service="medborgardialog",
    title="Tyck till om framtidens stadskärna",
    anonymous=True,
    pages={
        "nuvarande": {"visits": "varje-vecka", "satisfaction": "2"},
        "framtiden": {
            "priorities": ["gronska", "sittplatser", "trygghet"],
            "idea": "Gör Storgatan bilfri på sommaren.",
        },
        "om-dig": {"ageGroup": "40-64", "livesIn": "norrby"},
    },
    shown=("2 \u2013 Ganska missnöjd", "Mer grönska och träd", "Norrby"),
    error=("nuvarande", "visits", 'value="2" checked'),
)

VARMEPUMP = Journey(
    service="varmepump",
    title="Anmälan om installation av värmepump",
    pages={
        "typ": {"pumpType": "berg"},
        "sokande": {
            "applicantType": "company",
            "company.name": "Brf Björken",
            "company.orgnr": "556036-0793",
            "company.contact": "Anna Andersson",
            "phone": "070-123 45 67",
            "email": "styrelsen@example.se",
        },
        "fastighet": {
            "property": "Norrby 1:23",
            "address.street": "Björkvägen 4",
            "address.postalCode": "621 41",
            "address.city": "Visby",
        },
        "anlaggning": {
            "boreholes": "2",
            "depth": "180,5",
            "hasWell": "true",
            "wellDistance": "35",
            "coolant": "Etanol 28 %",
            "installer": "Borr & Brunn AB",
            "startDate[day]": "1",
            "startDate[month]": "3",
            "startDate[year]": "2027",
        },
    },
    shown=("Bergvärme (borrhål)", "556036-0793", "180,5", "1 mars 2027"),
    error=("sokande", "company.orgnr", "Brf Björken"),
)

SERVERINGSTILLSTAND = Journey(
    service="serveringstillstand",
    title="Ansök om serveringstillstånd",
    # For the company her organisational e-ID names (the built-in test provider's "ingrid").
    person="ingrid",
    applicant={"for": "org-5599001236"},
    pages={
        "drycker": {"onlyLowAlcohol": "false"},
        "tillstand": {
            "licenceType": "tillfalligt",
            "period.from[day]": "3",
            "period.from[month]": "7",
            "period.from[year]": "2027",
            "period.to[day]": "5",
            "period.to[month]": "7",
            "period.to[year]": "2027",
        },
        "foretag": {
            "company.name": "Exempelbolaget i Visby AB",
            "company.orgnr": "5599001236",
            "company.contact": "Anna Andersson",
            "company.phone": "070-123 45 67",
            "company.email": "info@example.se",
        },
        "serveringsstalle": {
            "venue.name": "Hamnfestens ölträdgård",
            "venue.address.street": "Hamngatan 2",
            "venue.address.postalCode": "621 41",
            "venue.address.city": "Visby",
            "venue.guests": "400",
            "venue.outdoor": "true",
            "drinks": ["starkol", "vin"],
            "hours.from": "12:00",
            "hours.to": "23:30",
        },
        "inflytande": {
            "influencers.0.name": "Anna Andersson",
            "influencers.0.personnummer": "850612-2343",
            "influencers.0.role": "vd",
            "influencers.1.name": "Erik Andersson",
            "influencers.1.personnummer": "870923-3459",
            "influencers.1.role": "ledamot",
        },
        "bilagor": {},
    },
    presses={"inflytande": [("_add", "/influencers")]},
    files={"bilagor": {"attachments": []}},
    shown=("559900-1236", "3 juli 2027", "23:30", "Starköl", "Person 2: Roll i företaget", "Styrelseledamot"),
    error=("foretag", "company.orgnr", "Exempelbolaget i Visby AB"),
)

BYGGLOV = Journey(
    service="bygglov",
    title="Ansök om bygglov",
    pages={
        "atgard": {"measures": ["tillbyggnad", "fasadandring"], "buildingType": "enbostadshus"},
        "fastighet": {
            "property": "Norrby 1:23",
            "address.street": "Björkvägen 4",
            "address.postalCode": "621 41",
            "address.city": "Visby",
            "isOwner": "true",
        },
        "beskrivning": {
            "description": "Tillbyggnad med ett uterum i trä mot söder, målat i samma kulör som huset.",
            "buildingArea": "18,5",
            "grossArea": "18,5",
            "height": "3,2",
        },
        "ritningar": {},
        "kontrollansvarig": {
            "hasControlOfficer": "true",
            "controlOfficer": "Per Persson, SC0123-45",
            "neighboursAgree": "ja",
        },
        "kontakt": {"phone": "070-123 45 67", "email": "anna@example.se"},
    },
    files={"ritningar": {"drawings": [DRAWING, SITE_PLAN]}},
    shown=("Bygga till", "Norrby 1:23", "18,5", "Per Persson, SC0123-45", "Fasadritning söder.pdf", "situationsplan.png"),
    error=("fastighet", "property", "Björkvägen 4"),
)

JOURNEYS = [
    BYGGLOV,
    VARMEPUMP,
    SERVERINGSTILLSTAND,
    FELANMALAN,
    MEDBORGARFORSLAG,
    FORSKOLEPLATS,
    PARKERINGSTILLSTAND,
    EKONOMISKT_BISTAND,
    OROSANMALAN,
    MEDBORGARDIALOG,
]
