"""People the notes name with a title or a relation: "Raj Patel, their CFO", "her boss Karen".

Each is offered as a contact with a role read from the title: finance heads hold the budget,
executives and heads of something decide, people who would use the product day to day are
users. The role is a first guess the user can change; a name with no title is not offered,
because nothing says who that person is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .not_names import COMPANY_WORDS, LEGAL_FORMS, NOT_NAMES, NOTE_VERBS, SENTENCE_OPENERS
from .roles import BUDGET_OWNER, CHAMPION, DECISION_MAKER, OTHER, TRADES, USER, role_for


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    role: str
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "role": self.role, "start": self.start, "end": self.end}


# Words that make a phrase a title (or a relation) rather than a name or a company; any case.
_TITLE_STEM = (
    # any chief officer (CNO, CHRO, CCO), in capitals only: "cao" or "coo" in a word is no title
    r"(?:(?-i:C[A-Z]{1,2}O)(?![A-Za-z])|"
    # job acronyms in capitals only: "pm" or "ae" inside a sentence is no title
    r"(?-i:FD|HRD|SRE|BDM|(?<!\d)(?<!\d[ \t])PM|DBA|SDR|BDR|CSM|AE|SBM|ED|HOD|AVP|DGM|AGM|SGM)(?![A-Za-z])|"
    r"(?i:CFO|CEO|COO|CTO|CIO|CMO|CRO|CPO|CISO|CSO|CDO|VP|SVP|EVP|GM|MD|EB|DM|"
    r"chief(?:[ \t]+[a-z]+){1,3}[ \t]+officer|"
    r"vice[ -]president|president|head|director|manager|founder|co-?founder|"
    r"owner|partner|principal|controller|comptroller|treasurer|boss|lead|analyst|engineer|"
    r"coordinator|specialist|dispatcher|supervisor|administrator|assistant|nurse|"
    r"dean|superintendent|accountant|bookkeeper|buyer|chair(?:man|woman|person)?|"
    r"architect|planner|recruiter|counsel|paralegal|dentist|doctor|physician|"
    r"technician|foreman|estimator|officer|executive|champion|sponsor|"
    r"colleague|co-?worker|deputy|admin|rep|guy|gal|dir\.?|mgr\.?|co-?owner|clerk|contact|consultant|"
    r"leader|EA|PA|responsible|advis[eo]r|teacher|developer|auditor|inspector|registrar|librarian|"
    r"counsel+or|solicitor|attorney|lawyer|broker|investor|trustee|spouse|friend|neighbou?r|bursar|"
    r"resourcer|(?:vice|pro)[ -](?:vice[ -])?chancellor|chancellor|exec|eng|coord|councillor|cllr|priest|"
    r"pastor|rector|vicar|notar|notary|publisher|editor(?:-in-chief)?|associate|ptnr|merchant|merchandiser|"
    # public bodies' posts: "Community Liaison", "Commissioner", "Captain (Records Division)"
    r"liaison|provost|commissioner|captain|(?:social|case|eligibility|youth)[ -]?worker|caseworker|" + TRADES + "|"
    # the same jobs in the languages notes quote them in
    r"gerente|direktor(?:in)?|directeur|directrice|directora|diretor|diretora|direttore|direttrice|jefe|jefa|"
    r"hoofd|chefin|geschäftsführer(?:in)?|inhaber(?:in)?|leiter(?:in)?|titolare|dono|dueño|dueña|"
    r"propriétaire|prezes|presidente|président(?:e)?|verksamhetschef|responsable|kalkulator|enologo|"
    r"ingeniero|ingeniera|encargad[oa]|administrador[a]?|comercial|koordinatörü|koordinator|gérant(?:e)?|"
    # Spanish and Portuguese jobs: "tesorera", "contralora", "coordinadora de despacho", "chefe de armazém"
    r"tesorer[oa]|tesoureir[oa]|contador[a]?|contralor[a]?|analista|coordinador[a]?|coordenador[a]?|"
    r"supervisor[a]|vicepresident[ea]|subgerente|concejal|motorista|despachador[a]?|asistente|assistente|"
    r"chefe|gestor[a]?|"
    # Japanese, French, Italian, Portuguese and Indonesian posts as notes quote them: "Tanabe Kōji
    # (shachō)", "Hélène Marchal, their DAF", "Lorenzo Sala (amministratore delegato)", "Sandro
    # (sócio-fundador)", "Pak Dodi (kepala sales)"
    r"shach[oō]|buch[oō]|kach[oō]|senmu|j[oō]mu|tant[oō]sha|(?-i:DAF|PDG)|comptable|contabile|"
    r"commercialista|amministratore|responsabile|s[oó]ci[oa](?:-\w+)?|fundador[a]?|financeir[oa]|"
    r"kepala|pemilik|kasir|apoteker|direktur|manajer|contr[oô]leur|"
    # "Dyrektor ds. technicznych", "Mudir, Facilities", "technický riaditeľ", "koordynator"
    r"dyrektor\w*|mudir|riadite[lľ]\w*|koordynator\w*|architekt|"
    # "innkjøpssjef", "kvalitetschef", "ekonomichef": Nordic heads of a function in one word
    r"kierownik|müdür\w*|[a-zæøåäö]{3,}(?:sjef|chef)|chief|"
    # German practices and labs: "Praxisinhaberin", "Filialleiterin", "Klinikleitung", "Frau Albers
    # (Controlling)", "Nadine (Empfang)", "Lena (Azubi)", "Herr Oz (Meister)", "his PTA"
    r"[a-zäöüß]{3,}(?:inhaber|leiter|leitung)(?:in)?|controlling|empfang|rezeption|azubi|meister(?:in)?|"
    r"ober(?:arzt|ärztin)|(?-i:PTA|TFA|MFA)|locum|titular|farmac[eé]utic[oa]|front[ -]desk|"
    # Polish, Spanish, Portuguese, Dutch and German posts: "Marek Zając (właściciel)", "Ewa Mazur
    # (główna księgowa)", "Camila (encarregada de dados)", "Yvonne Kok (inkoper)", "Nina Krause
    # (Datenschutzbeauftragte)", "Markus Weber (IT-Leiter)"
    r"w[łl]a[śs]ciciel\w*|dyr\.?|ksi[ęe]gow\w*|zarz[ąa]dca|specjalist\w*|administrator(?:ka)?|prevencionista|"
    r"conserje|profesional|arquitec?t[ao]|encarregad[oa]|superintendente|inkoper|[a-zäöüß]*beauftragter?|"
    r"syndikus\w*|[a-zäöüß]*anw[äa]lt(?:in)?|(?-i:IT)-[a-zäöüß]*leiter(?:in)?|co-g[ée]rant(?:e)?|"
    # quantity surveyors and data-protection officers; a president's or a treasurer's short form
    r"surveyor|(?-i:QS|DPO|DSB|ISB)|pres\.|treas\.|supt|sup['’]t|abbot|abbess|in-charge|"
    r"moglie|marito|esposa|esposo|"
    # "Mr. Sanjay Kulkarni, proprietor of", "a sole practitioner", "Anjali Rao (Senior Underwriter)"
    r"proprietor|practitioner|underwriter|head(?:master|mistress)|patron(?:ne)?|direkt[øo]r|"
    r"[a-zäöü]{4,}direktor(?:in)?|coach|gte\.|estilista|cu[ñn]ad[oa]))"
)
_TITLE_WORD = _TITLE_STEM + r"(?![a-zà-ÿ])"
# "one of the barbers", "the owners (Tony and Gus)": a title word in the plural, read as singular
_TITLES_WORD = _TITLE_STEM + r"(?=e?s(?![a-zà-ÿ]))"
# Departments and areas a title may name: "VP Finance", "head of customer success"; any case.
_AREA = (
    r"(?i:Finance|Financial|Operations|Ops|Sales|Marketing|IT|HR|People|Engineering|Product|Procurement|"
    r"Purchasing|Legal|Security|Support|Logistics|Accounting|Technology|Tech|Growth|Revenue|Customer|"
    r"Success|Supply|Chain|Facilities|Nursing|Clinical|Quality|Compliance|Data|Analytics|Partnerships|"
    r"Strategy|Digital|Innovation|Infrastructure|Transport|Transportation|Warehouse|Warehousing|Fleet|"
    r"Admissions|Research|Business|Development|Dispatch|Maintenance|Production|Plant|Store|Stores|"
    r"Retail|E-?commerce|Payroll|Treasury|Risk|Talent|Training|Learning|Service|Services|Care|"
    r"Patient|Practice|Office|Site|Project|Projects|Programs?|Platform|Systems|Information|Aid|"
    r"Merchandising|Category|Brand|Communications|Content|Design|Inventory|Claims|Billing|R&D|QA|Eng|"
    # the same areas, and "general", in the languages notes quote titles in
    r"financière|financier|financiero|financiera|financeiro|finanzas|finanze|finanzen|général|générale|"
    r"commerciale?|comercial|inkoop|einkauf|compras|achats|acquisti|ventas|vendas|produzione|producción|"
    r"produção|production|mantenimiento|manutenção|manutenzione|operaciones|operações|logística|"
    r"logistique|logistica|qualité|calidad|qualità|"
    # the second word of a function: "Customer Experience", "Faculty Affairs", "Human Resources"
    r"Experience|Relations|Affairs|Excellence|Enablement|Resources|Assurance|Administration|Planning|"
    r"Workforce|Governance|Estates|Curriculum|Safety|Environmental|Sustainability|Procurement|"
    r"Técnico|Técnica|Tecnico|Tecnica|Ejecutivo|Executivo|Administrativo|Administrativa|Industrial|"
    # Polish, Czech and Slovak: "Dyrektor finansowy", "technický riaditeľ"
    r"finansow[aey]|finansów|techniczn[aey]\w*|technick[ýáé]|obchodn[ýí]|ekonomick[ýá]|"
    r"F&B|FP&A|P&L|I&C|general|and|&)(?![a-z])"
)
_SP = r"[ \t]+"
_TITLE = (
    r"(?:(?:" + _AREA + r"|(?i:senior|junior|assistant|associate|deputy|regional|global|national|general|"
    r"managing|executive|chief|lead|interim|acting)|(?-i:Sr|Snr|Jr|Jnr|Asst|Assoc)\.?|"
    # "główna księgowa": a qualifier in any Latin script
    r"[A-Z]?[a-zß-öø-ÿ\u0100-\u017f]+(?:-[a-z]+){0,3}|"
    # "DevOps mgr", "AppSec eng", "FinOps analyst"
    r"[A-Z][a-z]+[A-Z][A-Za-z]+|[A-Z]{2,5})"
    + _SP
    + r"){0,4}?"
    + _TITLE_WORD
    # "Deputy Principal", "Deputy Head of Wards": a title word qualifying the next one
    + r"(?:"
    + _SP
    + _TITLE_WORD
    + r"){0,2}"
    + r"(?:"
    + _SP
    # "chef de projet réseau", "Dir. de Operaciones": the same small word in other languages
    + r"(?:of|for|de|des|du|del|della|di)"
    + _SP
    + r"(?:the"
    + _SP
    + r")?(?:"
    + _AREA
    # "VP of Academic Affairs": a capitalised word only before an area ("owner of Simms Hauling" no)
    + r"|[a-zà-ÿ]+|[A-Z][a-zà-ÿ]+(?="
    + _SP
    + _AREA
    + r"))"
    + r"(?:"
    + _SP
    + r"(?:"
    + _AREA
    + r"|[a-zà-ÿ]+)){0,2}?)?"
    + r"(?:"
    + _SP
    + _AREA
    + r")*"
)
# Letters of names written in Latin script, accents included ("Lucía", "Aydın", "Zieliński").
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f\u01a0\u01af\u1ea0-\u1ef8"
_LOWER = "a-zß-öø-ÿ\u0100-\u017f\u01a1\u01b0\u1e00-\u1eff"
# "McLean", "O'Connell", "DeShawn": one capital inside a name after a short start
_NAME_WORD = (
    rf"(?:(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:['-][{_UPPER}]?[{_LOWER}]+)*|[A-Z]\.)"
)
# "Mr. Albrecht", "Dr. Keiko Sato": the honorific stays part of the name, as people write it.
_HONORIFICS = (
    r"(?:(?:Mr|Ms|Mrs|Mx|Dr|Dra|Prof|Mme|Mlle|Sra|Srta|Sr|Herr|Frau|Pani|Pan|Ing|Hr|Fr|Dott|Don|Doña|Dña|Dhr|Mevr|"
    r"Lic|Mtro|Mtra|Mdm|Cllr|Pharm)\.?|dott\.ssa|"
    r"M\.|Sig\.ra|[Ss]ig\.|Mevrouw|Meneer|Monsieur|Madame|Señora|Señor|Signora|Signor|"
    # "Sister Agnes (bursar)", "Father Miguel Ochoa": a religious form of address, kept as written
    r"Father|Sister|Brother|Rev\.?|Reverend|Professor)"
)
# "Bram de Vries", "Ludwig van Beethoven": small words inside a name
_PARTICLE = r"(?:de|van|der|den|von|da|di|del|della|du|dos|das|le|la|ten|ter|bin|al|el|Ó|Ní|Nic|Ua)"
# "chị Hạnh", "anh Phát", "Pan Wiesław": a form of address before the name, not part of it
# Malay, Nigerian, Filipino, Indian and Indonesian ones too: "Encik Ridzuan Hamid", "Datin Sri Melissa
# Ong", "Alhaji Sani Musa", "Atty. Ramon Castillo", "Engr. Ibiye Jack", "Sir Dennis", "Pak Budi"
_ADDRESS_FORMS = (
    r"chị|anh|chú|cô|ông|bà|bác|Chị|Chú|Cô|Ông|Bà|Bác|Mas|Mbak|Kak|Encik|Cik|Puan(?:[ \t]+Sri)?|Tan[ \t]+Sri|"
    r"Datin(?:[ \t]+Sri)?|"
    r"Datuk(?:[ \t]+Seri)?|Eng\.|doamna|domnul|"
    r"Dato['’]?(?:[ \t]+Sri)?|Alhaji|Alhaja|Hajiya|Hajjah|Haji|Shri|Smt\.?|Bapak|Pak|Ibu|Atty\.?|Engr\.?|Sir|Adv\.?|"
    # "Ma'am Joy Santiago": how Filipino and Indian notes address a woman
    r"Ma['’]am|Madam"
)
_ADDRESS = rf"(?<![\w.'’-])(?:(?:{_ADDRESS_FORMS})[ \t]+)?"
_NAME = (
    rf"{_ADDRESS}(?P<name>(?:{_HONORIFICS}[ \t]+)?{_NAME_WORD}"
    rf"(?:(?:[ \t]+{_PARTICLE}){{0,2}}[ \t]+{_NAME_WORD}){{0,2}})"
    # "Mr. Rajesh Kumar sir, founder of ...", "Gurpreet sir (director)": respect after the name
    r"(?:[ \t]+(?:sir|ji|madam)(?![\w'’]))?"
)
_OWNER = r"(?i:their|our|the|her|his|its|my|your)[ \t]+"
# "Beatriz Carvalho, PhD": a degree after the name is no title
_DEGREE = (
    r"(?:(?:,[ \t]*(?-i:PhD|Ph\.D\.|MD|MBA|CPA|RN|BSN|MSN|FNP|DVM|Esq\.?|PE|CFA|FCA|OD|DDS|DMD|CVPM|RDH|DPT|NP|"
    r"Ed\.?D\.?|AIA|RIBA|PMP|CISSP|CIPP(?:/E)?|ACA|ACCA|CIMA)"
    # "Róisín Carey MSCSI": a professional body's letters, with or without a comma
    r"|,?[ \t]+(?-i:MSCSI|FSCSI|MRICS|FRICS|MCIOB|FCIOB|MIEI|CEng|RICS))+)"
)
# What a signature line may carry after the name: "Dr Yusuf Okonkwo (he/him)", "Dr. Aisha Bello-Martins
# BVSc MRCVS": pronouns and letters of degrees or bodies (words with a second capital, after the
# name itself has been read, so a surname such as "McDonald" stays in the name)
_LETTERS = r"(?:[ \t]*\((?:she|he|they)/\w+\)|[ \t]+(?-i:[A-Z][a-z]?[A-Z][A-Za-z]{0,5}))*"
# "Jen in procurement", "Mark from finance": a department stands for the title.
_DEPARTMENT = (
    r"(?i:finance|accounts|accounting|procurement|purchasing|accounts payable|IT|ops|operations|legal|HR|sales|FP&A|"
    r"payroll|billing)"
)
# "Neha on our data team", "Ivana from reception": where someone works says what they do
_UNIT = (
    r"(?i:(?:our|their|the|her|his)[ \t]+[a-z][a-z -]{1,25}?[ \t]+(?:team|desk|department|dept|floor|shift|crew)|"
    r"reception|the front desk|front desk|dispatch|support|the warehouse|the lab|the kitchen)"
)
# "Mo, owns Paws&Co", "Dimitri heads our core facility": what someone runs says who they are
_DUTY = r"(?i:owns|heads|runs|manages|leads|handles|decides|signs)[ \t]+[^,.;:()\n]{2,40}"

# "Aiko Tanaka (Northwind Data, Principal Data Engineer)": the company, then the title
_COMPANY_FIRST = re.compile(rf"{_NAME}[ \t]*\([^(),\n]{{2,40}},[ \t]*(?P<title>{_TITLE})[ \t]*[,)]")

_PATTERNS = [
    # "Raj Patel, their CFO" / "Karen - Head of Ops" / "Priya Shah (Head of IT)" / "Kwabena, a pharmacist"
    re.compile(
        rf"{_NAME}{_DEGREE}?[ \t]*(?:,[ \t]*(?:{_OWNER}|(?i:an?)[ \t]+)?|[ \t]+-{{1,2}}[ \t]+|[ \t]*[–—|][ \t]*|"
        # "Ophelia (Graham's assistant)": whose assistant she is belongs to her title
        rf"[ \t]*\([ \t]*(?:{_OWNER}|(?=[A-Z][a-z]+['’]s[ \t]))?)(?P<title>(?:[A-Z][a-z]+['’]s[ \t]+)?{_TITLE})"
    ),
    _COMPANY_FIRST,
    # "Claire Nguyen, the hospital's Deputy Director of Finance", "Dan, Metro Lets' portfolio manager"
    re.compile(
        rf"{_NAME},[ \t]+(?:(?i:the)[ \t]+)?(?:[\w&]+[ \t]+){{0,2}}?[\w&]+(?:['’]s|s['’])[ \t]+(?P<title>{_TITLE})"
    ),
    # "with COO Maria Lopez", "cc'd CFO Raj": a capitalised title names the person after it
    re.compile(
        rf"\b(?P<title>(?-i:CFO|CEO|COO|CTO|CIO|CMO|CRO|CPO|CISO|VP(?:[ \t]+(?-i:[A-Z][a-z]+))?|GM|MD))"
        rf"[ \t]+{_NAME}\b"
    ),
    # "the owner (Tom)", "their CFO (Raj)"
    re.compile(rf"\b{_OWNER}(?P<title>{_TITLE})[ \t]*\([ \t]*{_NAME}[ \t]*\)"),
    # "asst principal (Ms. Grady)", "procurement (Gary Lindqvist)": a title or a department, then the name
    re.compile(rf"\b(?P<title>{_TITLE}(?:[ \t]+[a-z]+)?|{_DEPARTMENT})[ \t]*\([ \t]*{_NAME}[ \t]*\)"),
    # "(owner: Elin Lindqvist)", "Luis = site GM", "Tom (IT)"
    re.compile(rf"\([ \t]*(?P<title>{_TITLE}):[ \t]+{_NAME}[ \t]*\)"),
    re.compile(rf"{_NAME}[ \t]*=[ \t]*(?P<title>{_TITLE}|{_UNIT})"),
    re.compile(rf"{_NAME}[ \t]*\([ \t]*(?P<title>{_DEPARTMENT})[ \t]*\)"),
    # "Chefin (owner), Frau Gruber": a title in another language, its gloss, then the name
    (_GLOSS_THEN_NAME := re.compile(rf"\([ \t]*(?P<title>{_TITLE})[ \t]*\),[ \t]+{_NAME}(?![\w'’-])(?![ \t]*\()")),
    # "Simone: I'm the assistant to the CFO": a speaker who says who they are
    # "Greg Polanski: Look, I'll be honest. I'm the CFO": later in the same turn too
    re.compile(
        rf"(?m)^[ \t]*{_NAME}[ \t]*:(?:[^\n]{{0,120}}?[.,!?;][ \t]+)?[ \t]*(?i:I'm|I am)[ \t]+"
        rf"(?:{_OWNER}|(?i:an?)[ \t]+)?(?P<title>{_TITLE})"
    ),
    # "nursing supervisor Ellen Marsh", "superintendent Dr. Lawson", "owner Derek Malloy"
    re.compile(rf"\b(?P<title>{_TITLE})(?<![ \t]at)(?<![ \t]of)(?<![ \t]in)(?<![ \t]for)(?<![ \t]and)[ \t]+{_NAME}\b"),
    # "Mo, owns Paws&Co", "Mateo runs our night shift", "Tobias, who runs our scheduling desk"
    re.compile(rf"{_NAME}(?:[ \t]*[,(][ \t]*|[ \t]+)(?:(?i:who|that)[ \t]+)?(?P<title>{_DUTY})"),
    # "Neha on our data team", "Ivana from reception"
    re.compile(rf"{_NAME}[ \t]+(?:on|in|from|at)[ \t]+(?P<title>{_UNIT})\b"),
    # "the head of finance at Lowry Retail (Peter Szabo)"
    re.compile(rf"\b(?P<title>{_TITLE})[ \t]+(?:at|of|from)[ \t]+[^()\n]{{2,40}}?\([ \t]*{_NAME}[ \t]*\)"),
    # "His brother and co-founder, Will, wasn't convinced": a title, a comma, a name, a comma
    re.compile(rf"\b(?P<title>{_TITLE}),[ \t]+{_NAME}(?=[ \t]*[,;.\n])"),
    # "their CFO Raj Patel" / "her boss Karen" / "Head of IT, Priya Shah"
    re.compile(rf"\b(?:{_OWNER})(?P<title>{_TITLE})[ \t]*,?[ \t]+{_NAME}\b"),
    # "the CIO of a Flemish retail chain, Bart Wouters": a title at a firm the notes describe, then the name
    re.compile(
        rf"\b{_OWNER}(?P<title>{_TITLE})[ \t]+(?:of|at|from)[ \t]+[^,.;:()\n]{{2,40}},[ \t]+{_NAME}"
        rf"(?=[ \t]*[,;.)\n]|[ \t]+(?:who|and|said|says|told|was|is|has|had)\b)"
    ),
    # "Kestrel's head of operations, Marguerite Dufresne": a company's title, a comma, the name
    re.compile(rf"\b[{_UPPER}][\w&-]*['’]s[ \t]+(?P<title>{_TITLE}),[ \t]+{_NAME}\b"),
    re.compile(
        rf"(?:^|[.;!?][ \t]+|\n[ \t]*)(?:[-*•][ \t]+)?(?:[A-Z][A-Za-z]{{0,11}}:[ \t]+)?"
        rf"(?P<title>{_TITLE}),?[ \t]+{_NAME}\b"
    ),
    # "talked to Rudy Kessler the owner", "Mei Tan their president wired it": no comma, spoken notes
    re.compile(rf"{_NAME}[ \t]+{_OWNER}(?P<title>{_TITLE})(?!['’]s)\b"),
    # "Keith, you're the plant manager at Summerside, right?": a speaker asks who someone is
    re.compile(rf"{_NAME},[ \t]+you(?:['’]re|[ \t]+are)[ \t]+(?:(?i:the|their|an?)[ \t]+)?(?P<title>{_TITLE})"),
    # "Raj Patel is their CFO", "Paul Smith who is head of IT"
    re.compile(
        rf"{_NAME}(?:[ \t]+(?:is|was|being)|,?[ \t]+who(?:[ \t]+is|['’]s|[ \t]+said[ \t]+s?he[ \t]+(?:is|was)))"
        rf"[ \t]+(?:{_OWNER}|an?[ \t]+)?"
        rf"(?P<title>{_TITLE})"
    ),
    # "Johan Lindqvist (VD / CEO)", "Wim Claes, zaakvoerder (= managing director)", "Bertrand
    # Lefèvre (DSI, i.e. CIO)": a title in another language, then its English after / = or i.e.
    re.compile(
        rf"{_NAME}[ \t]*[(,][^()\n/=]{{1,40}}?(?:[ \t]*\([ \t]*)?(?:[/=]|\bi\.?e\.?,?)[ \t]*(?P<title>{_TITLE})"
    ),
    # "Ola Brekke, daglig leder (managing director)": a title in another language, glossed
    (_GLOSSED := re.compile(rf"{_NAME},[ \t]+[^,()\n]{{2,40}}?\([ \t]*(?P<title>{_TITLE})[ \t]*\)")),
    # "Kasper from Vinterhagen Bakeries. He is head of production", "Marisol Vega ... She's the plant
    # manager": the next sentence says who the person is
    re.compile(
        rf"{_NAME}(?:(?!,[ \t]+[{_UPPER}]|(?:with|met|to|called|saw)[ \t]+[{_UPPER}])[^.!?\n:]){{0,60}}"
        rf"(?:[.,;:]|[ \t][-–—])?[ \t]+(?i:she|he)"
        rf"(?:(?:'s|[ \t]+is)[ \t]+(?:(?i:the|their|our|an?)[ \t]+)?(?P<title>{_TITLE})|[ \t]+(?P<duty>{_DUTY}))"
    ),
    # "Jen in procurement", "Mark from finance"
    re.compile(rf"{_NAME}[ \t]+(?:in|from)[ \t]+(?P<title>{_DEPARTMENT})\b"),
    # "Rosa Mbeki, one of the housekeepers", "Akosua, one of their district supervisors"
    re.compile(rf"{_NAME},[ \t]+(?i:one[ \t]+of)[ \t]+{_OWNER}(?P<title>(?:[\w-]+[ \t]+){{0,2}}?{_TITLES_WORD})"),
    # "Marla Jensen @ Orland Falls Public Library (dir.)": the workplace, then the title in brackets
    re.compile(rf"{_NAME}[ \t]+(?:@|at|from)[ \t]+[^()\n@]{{2,50}}?\([ \t]*(?P<title>{_TITLE})[ \t]*[,)]"),
    # "NOLA nail salon - Tina Nguyen owner - 25 min chat": one lowercase title word right after a
    # full name, then a break ("Account Executive" or "Riverside Physio" are no such thing)
    (
        _BARE_TITLE := re.compile(
            rf"{_NAME}[ \t]+(?P<title>(?=[a-zà-ÿ]){_TITLE_WORD})(?=[ \t]*(?:[,;.(\n]|$)|[ \t]+[-–—+])"
        )
    ),
    # a signature: the name on one line, the title on the next, perhaps before the company
    re.compile(
        rf"(?m)^[ \t]*(?:>[ \t]*)*(?:[-–—~][ \t]*)?{_NAME}{_DEGREE}?{_LETTERS}[ \t]*\n[ \t]*(?:>[ \t]*)*"
        rf"(?P<title>(?=[^\W\d_])(?:[^\s,|]+[ \t]+){{0,3}}?{_TITLE_WORD}[^\n,|–—]{{0,40}}?)[ \t]*"
        # a quoted reply's signature keeps its "> "; "Diretor Técnico – Cooperativa ...": the company
        rf"(?:[,|–—][^\n]*)?$"
    ),
]
# "Deepa and Luis (our two senior schedulers)", "the owners (Tony and Gus)": several names, one title
_ONE_NAME = _NAME.replace("(?P<name>", "(?:")
_NAMES = rf"(?P<names>{_ONE_NAME}(?:[ \t]*,[ \t]*{_ONE_NAME}){{0,8}},?[ \t]+(?:and|&|\+)[ \t]+{_ONE_NAME})"
_PLURAL_TITLE = (
    rf"(?:{_OWNER})?(?:(?i:two|three|four|five|both)[ \t]+)?(?P<title>(?:[\w-]+[ \t]+){{0,2}}?{_TITLES_WORD})e?s"
)
_LISTS = [
    # "Hal and Priscilla Whitfield (co-owners, Shelton Ridge Vineyards)": the company may follow
    re.compile(rf"{_NAMES}[ \t]*\([ \t]*{_PLURAL_TITLE}[ \t]*(?:\)|,[^()\n]{{2,60}}\))"),
    re.compile(rf"\b{_PLURAL_TITLE}[ \t]*\([ \t]*{_NAMES}[ \t]*\)"),
    # "owners Luis Ochoa and Marta Ochoa", "Owners: Claude Broussard + Luc Arceneaux"
    re.compile(rf"\b{_PLURAL_TITLE}[ \t]*[:,]?[ \t]+{_NAMES}"),
]
_NAME_RE = re.compile(_NAME)

_AREA_WORDS = frozenset(re.findall(r"[A-Z][\w&-]*", _AREA))
# Given names that are title words too: capitalised, "Dean" or "Guy" is the person
_NAMES_TOO = frozenset({"Dean", "Guy"})
_HONORIFIC = re.compile(rf"^{_HONORIFICS}\s+")
_ANY_HONORIFIC = re.compile(rf"^{_HONORIFICS}\s+", re.IGNORECASE)
_ADDRESSED = re.compile(rf"^(?:(?:{_ADDRESS_FORMS})\s+)+")
_LAST_NAME_WORD = re.compile(rf"({_NAME_WORD})[ \t]*$")


# a trade, or a post that is a surname too ("Tom Coach", "Anna Patron"), may end a full name
_TRADE = re.compile(rf"(?i:{TRADES}|coach|patron|abbot|abbess|caretaker|custodian|janitor)")


def _a_title(word: str, at: int, words: int) -> bool:
    """Whether a word of a name is a title instead: "Owner Denise" is no name, but the trade that
    ends a full name is a surname ("Denise Porter", "Tom Baker")."""
    if word in _NAMES_TOO or not re.fullmatch(_TITLE_WORD, word):
        return False
    return not (0 < at == words - 1 and word[:1].isupper() and _TRADE.fullmatch(word))


def _clean_name(raw: str) -> str | None:
    # "Commissioner Abernathy's office": the possessive is no part of the name, nor "-san" in "Ueda-san"
    raw = re.sub(r"['’]s$|-(?:san|sama|sensei|kun|chan)\b", "", _ADDRESSED.sub("", raw.strip()))
    honorific = _HONORIFIC.match(raw)
    words = _HONORIFIC.sub("", raw).split()
    if words and (words[0] in SENTENCE_OPENERS or words[0].endswith("-wise")):
        return None  # "Honestly, their CFO ...", "Budget-wise, the clerk ...": a sentence's opening
    # after "Ms." a name follows, whatever else the word can be ("Ms. Thu" is no Thursday)
    while words and not honorific and (words[0] in NOT_NAMES or words[0].lower() in NOTE_VERBS):
        words = words[1:]
    while words and words[-1] in NOT_NAMES and not (honorific and len(words) == 1):
        words = words[:-1]
    if not words or any(_a_title(w, i, len(words)) or w in _AREA_WORDS for i, w in enumerate(words)):
        return None
    if any(re.fullmatch(r"[A-Z][a-z]*(?:ology|ics)", w) for w in words):
        return None  # "HOD Pathology", "Head of Analytics": a field of work, not a surname
    if words[-1] in COMPANY_WORDS or any(w in LEGAL_FORMS for w in words):
        return None  # "Sparkle & Co Cleaning, owner Denise": a company's form anywhere in it
    return " ".join(([honorific.group().strip()] if honorific else []) + words)


def _clean_title(raw: str) -> str:
    title = re.sub(r"\s+", " ", raw).strip(" ,.;:()-&")
    title = re.sub(r"\s+(?:at|of|for|and)$", "", title)
    title = re.sub(r"^s\s+", "", title)  # "the school's bursar": the possessive's last letter
    # "Bumped into the head of finance" -> "head of finance": words before the title word's own
    # article or owner are the sentence around it
    core = re.search(_TITLE_WORD, title)
    if core:
        lead = re.split(
            r"(?i)\b(?:their|our|the|her|his|its|my|your|an?|is|was|'s|for|with|to|from|by|at|on)\s+",
            title[: core.start()],
        )
        title = lead[-1] + title[core.start() :]
    # "owner and his estimator Jen": the title next to the name is hers; the first is someone else's
    parts = re.split(r"(?i)\s+and\s+(?:their|our|the|her|his|its|my|your)\s+", title)
    return next((p for p in reversed(parts) if re.search(_TITLE_WORD, p)), title)


def _address_of(name: str) -> str:
    """The form of address a name opens with ("mr" of "Mr. Reyes"), or ""."""
    found = _ANY_HONORIFIC.match(name)
    return found.group().strip(" .").lower() if found else ""


def _same_person(known: str, key: str) -> bool:
    """ "Raj" and "Raj Patel" are one person; so are "Bill Sorensen" and "Sorensen" read from his
    signature's second line, and "Sister Lucy Fernandes" and "Lucy Fernandes"."""
    addressed = _address_of(known), _address_of(key)
    if all(addressed) and addressed[0] != addressed[1]:
        return False  # "Mr. Reyes" and "Mrs. Reyes" are two people
    known, key = _ANY_HONORIFIC.sub("", known) or known, _ANY_HONORIFIC.sub("", key) or key
    a, b = known.split(), key.split()
    if a[0] == b[0] and (known.startswith(key) or key.startswith(known)):
        return True
    return (len(a) == 1 and len(b) > 1 and a[0] == b[-1]) or (len(b) == 1 and len(a) > 1 and b[0] == a[-1])


def _matches(pattern: re.Pattern[str], text: str) -> Iterable[tuple[re.Match[str], str]]:
    """Every match with its cleaned name; one whose name is no name ("Spoke to Jas Sandhu, she's
    their ...") is skipped without hiding the real one inside it: the search goes on from the
    word after."""
    at = 0
    while (match := pattern.search(text, at)) is not None:
        name = _clean_name(match.group("name"))
        if name is None:
            # a company ("Sparkle & Co Cleaning") is skipped whole: no word of it is a person
            company = any(w in LEGAL_FORMS for w in match.group("name").split())
            at = match.end("name") if company else match.start("name") + 1
            continue
        yield match, name
        at = max(match.end(), match.start() + 1)


def _listed(text: str) -> Iterable[Person]:
    """Each of several names given one plural title."""
    for pattern in _LISTS:
        for match in pattern.finditer(text):
            title = _clean_title(match.group("title"))
            for named in _NAME_RE.finditer(match.group("names")):
                name = _clean_name(named.group("name"))
                if name is not None:
                    at = match.start("names") + named.start()
                    yield Person(name, title, role_for(title), at, at + len(named.group()))


def _full_name(between: str) -> bool:
    """Whether words are a person's full name: two or more, each capitalised, and a name."""
    words = between.strip(" \t,").split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words) and _clean_name(" ".join(words)) is not None


def _named_before(text: str, bracket: int) -> bool:
    """Whether the word just before a bracket is a person's name (not a title or a department)."""
    before = _LAST_NAME_WORD.search(text[max(0, bracket - 40) : bracket])
    return before is not None and _clean_name(before.group(1)) is not None


# Which of two roles one person is given says more about a purchase.
_SENIORITY = {BUDGET_OWNER: 4, DECISION_MAKER: 3, CHAMPION: 2, USER: 1, OTHER: 0}


def _misread(pattern: re.Pattern[str], match: re.Match[str], name: str, title: str, text: str) -> bool:
    """Whether a match only looks like a person with a title."""
    if pattern is _BARE_TITLE and len(name.split()) < 2:
        return True  # "Really warm guy": a lone word before a title is too often no name
    if pattern is _GLOSS_THEN_NAME and _named_before(text, match.start()):
        return True  # "Tanabe Kōji (shachō), Rafa": the bracket is Tanabe's title, not Rafa's
    if pattern is _GLOSSED and _full_name(text[match.end("name") : text.index("(", match.end("name"))]):
        return True  # "Speakers: Dana, Kate Sullivan (GM)": the bracket is Kate's title, not Dana's
    if match.group("title") is None or match.start("title") > match.start("name"):
        return False
    # "Father Tomasz Wolny": a form of address before a name is no title; "their ops manager,
    # Dean Walsh": Dean is his name, not a title for Walsh
    return bool(re.fullmatch(_HONORIFICS, match.group("title").strip())) or title in _NAMES_TOO


def find_people(text: str, skip: Iterable[str] = ()) -> tuple[Person, ...]:
    """Everyone named with a title or relation, once each, in order of first mention."""
    ignored = {s.lower() for s in skip}
    found: dict[str, Person] = {}
    guessed: set[int] = set()  # starts of people read as "Name (Company, Title)"
    for pattern in _PATTERNS:
        for match, name in _matches(pattern, text):
            if name.lower() in ignored:
                continue
            title = _clean_title(match.group("title") or match.group("duty"))
            if _misread(pattern, match, name, title, text):
                continue
            key = name.lower()
            known = next((k for k in found if _same_person(k, key)), None)
            if known is not None:
                old = found.pop(known)
                if not re.search(_TITLE_WORD, old.title) and re.search(_TITLE_WORD, title):
                    # "Robert signs off on software ... Robert is their CEO": the title says more
                    old = Person(old.name, title, role_for(title), old.start, old.end)
                elif _SENIORITY[role_for(title)] > _SENIORITY[old.role]:
                    # "the owner, Bev Jensen, his mother", "Dean (roofer, owns Apex Roofing)": of
                    # two things a person is called, the one with more say over buying counts
                    old = Person(old.name, title, role_for(title), old.start, old.end)
                # "Raj" then "Raj Patel": keep the full name
                found[max(key, known, key=len)] = Person(
                    name if len(key) > len(known) else old.name, old.title, old.role, old.start, old.end
                )
                continue
            found[key] = Person(name, title, role_for(title), match.start(), match.end())
            if pattern is _COMPANY_FIRST:
                guessed.add(match.start())
    for person in _listed(text):
        key = person.name.lower()
        if key not in ignored and not any(_same_person(k, key) for k in found):
            found[key] = person
    people = list(found.values())
    # "Ravenstone (Claire Dubois, DevOps mgr)" against "Kerem Aydın (Kodlab, CTO)": one of the two
    # names around the brackets is a company given the same title; a full name beats a single word
    pairs = [
        (p, q)
        for p in people
        if p.start in guessed
        for q in people
        if q is not p and q.title == p.title and p.start < q.start and q.end <= p.end
    ]
    companies = {id(q) if len(p.name.split()) > len(q.name.split()) else id(p) for p, q in pairs}
    people = [_championing(_holding_the_money(p, text), text) for p in people if id(p) not in companies]
    return tuple(sorted(people, key=lambda p: p.start))


# What someone does, said right after who they are: "his wife Brenda handles all the money stuff",
# "my partner Hugh, he does the finances", "Elif, who does the Buchhaltung"
_HANDLES_THE_MONEY = re.compile(
    r"[^.\n;:!?]{0,25}?\b(?:handles?|does|do|runs?|manages?|looks?\s+after|keeps?|takes?\s+care\s+of|"
    r"(?:is|'s)\s+in\s+charge\s+of|controls?|holds?)\s+(?:all\s+)?(?:of\s+)?(?:the|our|their|his|her)?\s*"
    r"(?:money|finances?|books|accounts|bookkeeping|buchhaltung|contabilidad|compta|cheque ?book|purse strings|"
    r"budget)\b",
    re.IGNORECASE,
)


def _holding_the_money(person: Person, text: str) -> Person:
    """Whoever the notes say handles the money holds it, whatever their title says they are."""
    if person.role == BUDGET_OWNER or not _HANDLES_THE_MONEY.match(text, person.end):
        return person
    return Person(person.name, person.title, BUDGET_OWNER, person.start, person.end)


# Who pushes for us inside their firm, said beside their name: "Ilse (enterprise architect, our
# champion)", "Marcus, the one who's been pushing for us since spring", "Ahmed = our champ"
_PUSHES_FOR_US = re.compile(
    r"(?<!not[ \t]our[ \t])(?<!no[ \t])\b(?:champions?|champ|push(?:ed|ing|es)?[ \t]+for[ \t]+(?:us|it|this)|"
    r"push(?:ed|ing|es)?[ \t]+(?:it|this|us)[ \t]+(?:internally|inside)|"
    r"pitched[ \t]+(?:it|us)|sold[ \t]+(?:it|us)[ \t]+(?:internally|up)|in[ \t]+our[ \t]+corner|"
    r"rooting[ \t]+for[ \t]+us|went[ \t]+to[ \t]+bat)\b",
    re.IGNORECASE,
)
# Where what is said of one person ends: a sentence, a line, or the next person in a list
_NEXT_PERSON = re.compile(
    rf"[.!?\n;]|,[ \t]+(?=[{_UPPER}])|\)[ \t]*[,;]|[ \t][–—-][ \t](?=[{_UPPER}])"
    # "Mark Lowe (CFO) said Tessa is our champion": what he reports is said of someone else
    r"|\b(?:said|says|thinks|told|mentioned)\b"
)


def _championing(person: Person, text: str) -> Person:
    """Whoever the notes say pushes for us is our champion, whatever their title says they are."""
    if person.role == CHAMPION:
        return person
    bare = _HONORIFIC.sub("", person.name)
    first = bare.split()[0]
    for mention in re.finditer(rf"(?<!\w){re.escape(first)}(?!\w)", text):
        reach = min(len(text), mention.end() + 160)
        # past the rest of the full name where it is written out ("Tessa Grant, ..."), not further
        after = mention.start() + len(bare) if text.startswith(bare, mention.start()) else mention.end()
        stop = _NEXT_PERSON.search(text, min(after, reach), reach)
        end = stop.start() if stop else reach
        if _PUSHES_FOR_US.search(text, mention.start(), end):
            return Person(person.name, person.title, CHAMPION, person.start, person.end)
    return person
