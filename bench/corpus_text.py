"""Swedish text bank for gen_corpus.py: organisations, phrases and sentence templates.

Everything here is data. The sentences imitate the register of the party's own plans,
reports and strategy documents (shared/seeds/), so the synthetic corpus has realistic word
lengths, diacritics (å, ä, ö), punctuation and paragraph sizes. Placeholders in braces are
filled by gen_corpus.py: {org} organisation name, {place} municipality or region, {obj} and
{obj2} noun phrases of the section's topic, {problem}, {actor} (an addressee form from
actors.toml), {year}, {year2}, {n}, {pct}.
"""

# Districts (one per Swedish region) and the municipalities whose party associations
# belong to them. The first municipality of each list comes first when locals are handed out.
DISTRICTS = [
    ("storstockholm", "Storstockholm", [
        "Solna", "Huddinge", "Stockholm", "Botkyrka", "Södertälje", "Sundbyberg",
        "Upplands Väsby", "Haninge", "Järfälla", "Nacka", "Tyresö", "Sollentuna", "Lidingö",
        "Norrtälje", "Sigtuna", "Värmdö", "Täby", "Österåker", "Danderyd", "Ekerö",
        "Nynäshamn", "Salem", "Upplands-Bro", "Vallentuna", "Vaxholm", "Nykvarn"]),
    ("uppsala-lan", "Uppsala län", [
        "Uppsala", "Enköping", "Tierp", "Östhammar", "Håbo", "Knivsta", "Heby", "Älvkarleby"]),
    ("sormland", "Sörmland", [
        "Eskilstuna", "Nyköping", "Katrineholm", "Strängnäs", "Flen", "Oxelösund", "Trosa",
        "Gnesta", "Vingåker"]),
    ("ostergotland", "Östergötland", [
        "Norrköping", "Linköping", "Motala", "Mjölby", "Finspång", "Söderköping", "Vadstena",
        "Åtvidaberg", "Valdemarsvik", "Kinda", "Boxholm", "Ödeshög", "Ydre"]),
    ("jonkoping-lan", "Jönköpings län", [
        "Jönköping", "Värnamo", "Nässjö", "Vetlanda", "Gislaved", "Tranås", "Eksjö", "Habo",
        "Vaggeryd", "Sävsjö", "Mullsjö", "Gnosjö", "Aneby"]),
    ("kronoberg", "Kronoberg", [
        "Växjö", "Ljungby", "Älmhult", "Alvesta", "Tingsryd", "Markaryd", "Lessebo",
        "Uppvidinge"]),
    ("kalmar-lan", "Kalmar län", [
        "Kalmar", "Västervik", "Oskarshamn", "Nybro", "Vimmerby", "Hultsfred", "Mönsterås",
        "Emmaboda", "Mörbylånga", "Borgholm", "Torsås", "Högsby"]),
    ("gotland", "Gotland", []),
    ("blekinge", "Blekinge", [
        "Karlskrona", "Karlshamn", "Ronneby", "Sölvesborg", "Olofström"]),
    ("skane", "Skåne", [
        "Malmö", "Lund", "Helsingborg", "Kristianstad", "Landskrona", "Trelleborg", "Ystad",
        "Eslöv", "Hässleholm", "Ängelholm", "Höganäs", "Staffanstorp", "Burlöv", "Kävlinge",
        "Lomma", "Svedala", "Vellinge", "Skurup", "Sjöbo", "Höör", "Hörby", "Simrishamn",
        "Tomelilla", "Båstad", "Klippan", "Åstorp", "Bjuv", "Svalöv", "Perstorp",
        "Örkelljunga", "Osby", "Östra Göinge", "Bromölla"]),
    ("halland", "Halland", [
        "Halmstad", "Varberg", "Kungsbacka", "Falkenberg", "Laholm", "Hylte"]),
    ("vastra-gotaland", "Västra Götaland", [
        "Göteborg", "Borås", "Trollhättan", "Uddevalla", "Mölndal", "Skövde", "Lidköping",
        "Alingsås", "Vänersborg", "Kungälv", "Partille", "Lerum", "Härryda", "Falköping",
        "Stenungsund", "Mariestad", "Ale", "Mark", "Ulricehamn", "Lysekil", "Strömstad",
        "Tanum", "Orust", "Tjörn", "Öckerö", "Munkedal", "Sotenäs", "Åmål", "Bengtsfors",
        "Mellerud", "Dals-Ed", "Färgelanda", "Lilla Edet", "Vara", "Skara", "Götene",
        "Grästorp", "Essunga", "Herrljunga", "Vårgårda", "Bollebygd", "Tranemo",
        "Svenljunga", "Tidaholm", "Tibro", "Töreboda", "Hjo", "Karlsborg", "Gullspång"]),
    ("varmland", "Värmland", [
        "Karlstad", "Arvika", "Kristinehamn", "Säffle", "Hammarö", "Sunne", "Torsby",
        "Hagfors", "Filipstad", "Kil", "Forshaga", "Grums", "Årjäng", "Eda", "Storfors",
        "Munkfors"]),
    ("orebro-lan", "Örebro län", [
        "Örebro", "Karlskoga", "Kumla", "Lindesberg", "Hallsberg", "Askersund", "Degerfors",
        "Nora", "Lekeberg", "Laxå", "Hällefors", "Ljusnarsberg"]),
    ("vastmanland", "Västmanland", [
        "Västerås", "Köping", "Sala", "Fagersta", "Arboga", "Hallstahammar", "Surahammar",
        "Norberg", "Kungsör", "Skinnskatteberg"]),
    ("dalarna", "Dalarna", [
        "Falun", "Borlänge", "Ludvika", "Avesta", "Mora", "Hedemora", "Leksand", "Rättvik",
        "Säter", "Smedjebacken", "Malung-Sälen", "Gagnef", "Orsa", "Älvdalen", "Vansbro"]),
    ("gavleborg", "Gävleborg", [
        "Gävle", "Sandviken", "Hudiksvall", "Söderhamn", "Bollnäs", "Ljusdal", "Ovanåker",
        "Hofors", "Nordanstig", "Ockelbo"]),
    ("vasternorrland", "Västernorrland", [
        "Sundsvall", "Örnsköldsvik", "Härnösand", "Kramfors", "Sollefteå", "Timrå", "Ånge"]),
    ("jamtland-harjedalen", "Jämtland Härjedalen", [
        "Östersund", "Krokom", "Åre", "Strömsund", "Härjedalen", "Berg", "Bräcke",
        "Ragunda"]),
    ("vasterbotten", "Västerbotten", [
        "Umeå", "Skellefteå", "Lycksele", "Vännäs", "Vindeln", "Nordmaling", "Robertsfors",
        "Storuman", "Vilhelmina", "Norsjö", "Malå", "Dorotea", "Sorsele", "Åsele",
        "Bjurholm"]),
    ("norrbotten", "Norrbotten", [
        "Luleå", "Piteå", "Boden", "Kiruna", "Gällivare", "Kalix", "Haparanda", "Älvsbyn",
        "Jokkmokk", "Arvidsjaur", "Pajala", "Övertorneå", "Överkalix", "Arjeplog"]),
]

PARTY = ("vansterpartiet", "Vänsterpartiet")

# Noun phrases per topic slug; {year} may occur.
OBJECTS = {
    "medlemmar": ["medlemsvården", "kontakten med nya medlemmar",
                  "medlemsmöten som känns välkomnande", "ett aktivt medlemskap för fler",
                  "introduktionen av nya medlemmar", "medlemmarnas inflytande över föreningen"],
    "organisering": ["en starkare organisering i bostadsområdena",
                     "partiföreningarnas strategiska planer", "aktivismen i vardagen",
                     "nya lokalgrupper", "ett brett organisationsbygge",
                     "aktivistfonden och stödet till arrangörskap"],
    "kommunikation": ["en tydlig kommunikation i sociala medier", "nyhetsbrevet till medlemmarna",
                      "en uppdaterad hemsida", "kontakten med lokalpressen",
                      "en gemensam kommunikationsplan", "eget innehåll i egna kanaler"],
    "feminism": ["det internfeministiska arbetet", "jämställdhet i föreningens styrelser",
                 "möten fria från härskartekniker", "kvinnors lika villkor i arbetslivet",
                 "en feministisk välfärdspolitik", "kampen mot mäns våld mot kvinnor"],
    "antirasism": ["det antirasistiska arbetet", "en partiförening som speglar befolkningen",
                   "kampen mot diskriminering på bostadsmarknaden",
                   "mångfald bland våra kandidater", "utbildningar på andra språk än svenska"],
    "studier": ["studiecirklar för nya medlemmar", "en tydlig och konkret studieplan",
                "kurser i retorik och mötesteknik", "ideologiska studier",
                "utbildning för förtroendevalda", "kvälls- och helgkurser för nya medlemmar"],
    "fortroendevalda": ["stödet till våra förtroendevalda", "arbetet i fullmäktige och nämnder",
                        "samordningen mellan kommungrupperna", "ett tydligt parlamentariskt arbete",
                        "förtroendevaldas kontakt med medlemmarna"],
    "val": ["valrörelsen {year2}", "en valstrategi som når nya väljare",
            "dörrknackning i prioriterade områden", "nomineringsprocessen inför valet",
            "valberedningens arbete", "valanalysen efter valet {year}"],
    "ungdom": ["samarbetet med Ung Vänster", "organisering bland studenter",
               "unga medlemmars inflytande", "fler unga på valbar plats",
               "ett stabilt stöd till Studentvänstern"],
    "facklig": ["det fackligt-politiska arbetet", "arbetsplatsorganisering",
                "branschföreningarnas verksamhet", "samarbetet med fackföreningsrörelsen",
                "fler förtroendevalda med arbetaryrken"],
    "rorelser": ["samarbetet med sociala rörelser", "relationer med lokala progressiva rörelser",
                 "rörelsebyggande i orten", "stödet till hyresgästernas kamp",
                 "folkrörelsernas roll i lokalsamhället"],
    "ledarskap": ["ett brett ledarskap i partiet", "ledarutbildning för styrelseledamöter",
                  "ett ledarskap som delar på ansvaret", "mentorskap för nya ordförande"],
    "bostad": ["fler hyresrätter med rimliga hyror", "ett stopp för renovräkningar",
               "en bostadspolitik för alla", "hyresgästernas rätt till inflytande",
               "klimatsmarta hyresrätter", "ett hem att trivas i för alla"],
    "valfard": ["en sjukvård att lita på", "en jämlik skola", "en äldreomsorg utan vinstintressen",
                "fler vårdplatser", "en välfärd fri från vinstjakt", "höjda löner i vården"],
    "klimat": ["en rättvis klimatomställning", "en utbyggd kollektivtrafik",
               "klimatsmarta bostäder", "en miljöpolitik som inte lämnar någon efter sig",
               "klimatfrågan ihop med en politik för jämlikhet"],
    "landsbygd": ["servicen på landsbygden", "organisering utanför storstäderna",
                  "en levande glesbygd", "bruksorternas framtid",
                  "kollektivtrafiken mellan orterna"],
    "strategi": ["ett långsiktigt ideologiskt skifte", "tydliga politiska prioriteringar",
                 "en strategi för att växa", "partiets ideologiska grundberättelse",
                 "en politik som väcker hopp"],
}

GENERIC_OBJECTS = ["vår politik", "föreningens arbete", "en starkare vänster",
                   "det gemensamma arbetet", "en rättvis fördelning av resurserna"]

# Chapter and section headings per topic.
HEADINGS = {
    "medlemmar": ["Medlemsvård", "Välkommen som medlem", "Fler aktiva medlemmar"],
    "organisering": ["Starka partiföreningar", "Organisering i orten", "Strategiska planer"],
    "kommunikation": ["Kommunikation", "Sociala medier och hemsida", "Fråga orten"],
    "feminism": ["Internfeministiskt arbete", "Ett feministiskt parti", "Jämställda möten"],
    "antirasism": ["Ett mer representativt parti", "Antirasism", "Organisering mot rasism"],
    "studier": ["Studier och utbildning", "Studieplan", "Kurser för nya medlemmar"],
    "fortroendevalda": ["Vänsterpartiet styr", "Förtroendevalda", "Det parlamentariska arbetet"],
    "val": ["Valrörelsen", "Inför valet", "Valanalys"],
    "ungdom": ["Den unga generationen", "Unga i partiet", "Studenter och unga vuxna"],
    "facklig": ["Facklig-politisk organisering och samverkan", "Klass", "Arbetsplatsen"],
    "rorelser": ["Rörelsebyggande", "Sociala rörelser", "Samarbete med folkrörelserna"],
    "ledarskap": ["Ledarskap", "Ett brett ledarskap", "Styrelsens roll"],
    "bostad": ["Hem för alla", "Bostadspolitik", "Hyresgästernas kamp"],
    "valfard": ["Sjukvård att lita på", "Välfärd utan vinstjakt", "En jämlik skola"],
    "klimat": ["Klimatperspektiv", "En rättvis omställning", "Klimat och miljö"],
    "landsbygd": ["Utanför storstäderna", "Landsbygd och bruksorter", "En levande glesbygd"],
    "strategi": ["En större roll för Vänsterpartiet", "Prioriteringar", "Ett ideologiskt skifte"],
}

CHAPTER_PREFIXES_PLAN = ["", "", "", "Mål för "]

PROBLEMS = [
    "hyrorna stiger snabbare än lönerna",
    "vårdcentralerna flyttar från de områden där behoven är störst",
    "skolan inte längre ger alla barn samma chanser",
    "kollektivtrafiken dras ner i ytterområdena",
    "allt fler tvingas leva på marginalen",
    "arbetsvillkoren inom välfärden blir allt sämre",
    "rasism och hat sprids allt mer öppet",
    "unga har svårt att hitta en första bostad",
    "förtroendet för politiken sjunker",
    "vinstintressen styr allt mer av välfärden",
    "klimatomställningen går alldeles för långsamt",
    "servicen på landsbygden försvinner",
    "klyftorna mellan kvinnor och män har tillåtits växa",
    "många medlemmar inte hittar en väg in i föreningens arbete",
]

SENTENCES = [
    "Under verksamhetsperioden kommer {org} att fortsätta arbetet för {obj}.",
    "Vi gör det i opposition på många håll, men i flera kommuner också som en del av en styrande rödgrön majoritet.",
    "Allt vårt arbete utgår från övertygelsen om att ett samhälle som byggs med solidaritet, rättvisa och omtanke är starkare än ett samhälle där marknadens girighet får råda.",
    "I {place} märks det tydligt att {problem}.",
    "Därför behöver vi prioritera {obj} och samtidigt stärka {obj2}.",
    "Det handlar i grunden om makt: vem som bestämmer över {obj}, och i vems intresse.",
    "{Actor} har ett särskilt ansvar för att {obj} inte hamnar i skymundan.",
    "Erfarenheterna från {year} visar att arbetet med {obj} kräver långsiktighet och tålamod.",
    "Under {year} genomförde vi {n} öppna möten, och ungefär {pct} procent av medlemmarna deltog i minst en aktivitet.",
    "Vi vill att fler ska känna sig välkomna i partiet, oavsett bakgrund, ålder eller erfarenhet.",
    "Många människor har fått sitt hopp om ett bättre samhälle stukat av en politik som präglas av åtstramningar och passivitet.",
    "Det är när vi organiserar oss tillsammans som vi kan vinna segrar, både i fullmäktige och på gatan.",
    "En starkare vänster i {place} kräver att vi finns där människor bor, arbetar och studerar.",
    "Vi ska bli bättre på att lyssna på dem som berörs av besluten och låta deras erfarenheter forma vår politik.",
    "Samtidigt får vi inte glömma att {obj2} är en förutsättning för att lyckas.",
    "Vänsterpartiet ska vara en självklar röst i debatten om {obj}.",
    "Det kräver både tid och resurser, och därför behöver arbetet planeras tillsammans med {actor}.",
    "Klyftorna mellan människor har tillåtits växa, och skillnaden mellan förort, glesbygd och innerstad tilltar.",
    "Vi ser att {problem}, och det drabbar dem som redan har minst marginaler.",
    "Arbetet ska följas upp löpande och redovisas i verksamhetsberättelsen för {year}.",
    "Ett viktigt steg är att samla medlemmar, förtroendevalda och aktivister kring gemensamma mål.",
    "Genom att ta fram en tydlig plan för {obj} kan vi fördela ansvaret och se till att ingen lämnas ensam med uppgiften.",
    "Det är inte tillräckligt att ha rätt i sak; vi måste också vinna människors förtroende.",
    "De senaste åren har vi sett hur {problem}.",
    "Vår politik för {obj} bör bäras gemensamt av distrikt, partiföreningar och parlamentariska grupper.",
    "Solidaritet är när vi organiserar oss i facket för att förhindra lönedumpning och när vi står upp för alla människors lika värde.",
    "Omtanke är när ett barn slagit sig och besöket till läkaren är gratis och finns nära till hands.",
    "Vi behöver förändra dagordningen i debatten och vad som diskuteras vid fikaborden.",
    "Med {n} nya medlemmar sedan {year} har vi fått nya möjligheter, men också ett större ansvar för att ta hand om dem.",
    "En feministisk analys ska genomsyra allt vi gör, från hur vi fördelar talartid på möten till vilka frågor vi driver.",
    "Att vi är med och styr i flera kommuner innebär att vi i praktisk politisk handling kan visa vilket samhälle vi vill skapa.",
    "Det kommer inte att ske av sig självt, utan kräver ett medvetet och envist arbete under hela perioden.",
    "Målet är att {obj} ska vara en självklar del av föreningens vardag senast {year2}.",
    "Vi har goda förutsättningar att lyckas, eftersom engagemanget bland medlemmarna är större än på länge.",
    "Resultatet ska diskuteras på ett medlemsmöte och ligga till grund för nästa års verksamhetsplan.",
    "Tillsammans med fackföreningar, hyresgästföreningar och andra delar av den sociala rörelsen kan vi bygga en bred opinion.",
    "Den som engagerar sig i Vänsterpartiet ska få stöd, utbildning och uppskattning.",
    "Där vi är i opposition blir uppgiften istället att göra oss kända och skapa opinion för vår politik.",
    "Valresultatet {year} var en framgång i många kommuner, men på andra håll tappade vi väljare.",
    "Frågan om {obj} berör många av de människor vi vill nå, och den ska därför ha en tydlig plats i vår kommunikation.",
    "Tron på girighet som drivkraft i välfärdssektorn har lett till skandaler, och idén att allt ska konkurrensutsättas har lett till segregation.",
    "Vi ska vara ute bland folk och fråga vad de tycker är bra med sin ort och vad som borde göras bättre.",
    "Ett parti som vill förändra samhället måste också vara berett att förändra sig självt.",
    "Det finns ingen motsättning mellan {obj} och {obj2}; tvärtom förutsätter de varandra.",
    "För {org} innebär det att {obj} prioriteras i budgeten för {year2}.",
    "Kapitalismen skapar ekonomiska, ekologiska, politiska och sociala kriser, och det är vår uppgift att visa att det finns ett alternativ.",
    "Enkäten till medlemmarna visade att {pct} procent vill engagera sig mer, men att många saknar tid eller vet inte hur.",
    "Styrelsen har under året haft {n} sammanträden och därutöver regelbundna arbetsutskott.",
]

REPORT_SENTENCES = [
    "Under {year} har {org} arbetat med {obj}, och resultatet redovisas nedan.",
    "Vi har skickat ut enkäter till samtliga medlemmar och intervjuat {n} förtroendevalda på olika positioner.",
    "Utvärderingen visar att information om {obj} behöver spridas bättre, exempelvis i samband med årsmötena.",
    "Målet nåddes delvis: {pct} procent av de planerade aktiviteterna genomfördes.",
    "En återkommande fråga är behovet av prioriteringar, både av politiska frågor och av områden och målgrupper.",
    "Kommissionen har särskilt utrett medlemmarnas inflytande över {obj}.",
    "Vår analys är att {problem}, och att det påverkar förutsättningarna för {obj}.",
    "Flera partiföreningar lyfter att {obj} har varit svårt att prioritera under pandemiåren.",
    "Vi ser positivt på det arbete som gjorts, men mycket återstår innan {obj} är en självklarhet.",
]

STRATEGY_SENTENCES = [
    "Vänsterpartiet behöver spela en ny roll och ta större utrymme i svensk politik.",
    "Det närmaste decenniet avgörs mänsklighetens viktigaste överlevnadsfråga – huruvida vi i tid kan avvärja en klimatkatastrof.",
    "Därför behöver Vänsterpartiet prioritera att arbeta för {obj}.",
    "Ett ideologiskt skifte skapas inte bara genom undervisning eller politiska samtal, utan ofta genom de akuta politiska konflikterna.",
    "Så vinner vi förtroende och engagemang hos de människor vi säger att vi representerar.",
    "Vi har fler medlemmar, fler aktiviteter, bättre stämning och tydligare politiska strategier än för bara några år sedan.",
    "Andelen medlemmar som är aktiva ska öka till {pct} procent till år {year2}.",
    "Det kan handla om att stödja en strejk, protestera mot försämringar eller pressa regeringen genom parlamentariska metoder.",
    "Vänsterpartiet har kunnat bygga förtroende genom att leverera handfasta politiska reformer på nationell, regional och lokal nivå.",
    "Självklart ska vi fortsätta att sträva efter verklig politisk makt, men möjligheten kommer att vara svagare framöver.",
    "Vi behöver ändra spelplanen och skapa en politisk situation där ekonomisk förändring är inom räckhåll.",
    "Så länge människor upplever att den vägen är stängd, kommer misstron mot andra människor att finnas kvar.",
    "Vänsterpartiets roll är att driva ett politiskt projekt som väcker ett brett, gemensamt hopp om ett bättre samhälle.",
    "I varje valrörelse siktar vi på att maximera antalet röster på Vänsterpartiet.",
    "För att driva fram ett skifte i svensk politik behöver vi bygga förtroende hos många av dem som idag är ideologiskt osäkra.",
    "Många fler ska tänka på oss som sympatiska och genomtänkta och se att de kan lita på oss.",
    "Arbetarklassen är i dag mer splittrad än för en generation sedan, och det ställer nya krav på vår organisering.",
    "Den krackelerande välfärden drabbar många människor hårt, särskilt i de områden där vi vill växa.",
    "Vi ska vara det parti som talar om de stora framtidsfrågorna, och som gör det med {obj} som utgångspunkt.",
    "En strategi som inte följs upp blir snabbt ett dokument i en pärm; därför ska {actor} rapportera om arbetet varje år.",
]

# Goals (full sentences). {obj} is the section topic's phrase.
GOALS = [
    "Anordna minst {n} torgmöten under året.",
    "Öka antalet aktiva medlemmar med {pct} procent.",
    "Genomföra en studiecirkel om {obj}.",
    "Alla nya medlemmar ska kontaktas inom {n2} veckor efter att de gått med.",
    "Ta fram en plan för {obj} före sommaren {year}.",
    "Minst hälften av talarna på våra möten ska vara kvinnor.",
    "Samla in och sammanställa {n}00 enkätsvar från invånarna.",
    "Vänsterpartiet ska vara en viktig aktör i debatten om {obj} runt om i länet.",
    "Varje partiförening ska ha en strategisk plan för {obj}.",
    "Arrangera minst {n2} sociala aktiviteter för medlemmarna under verksamhetsåret.",
    "Medlemsmötena ska ha varierande innehåll som är relevant för medlemmarnas intressen.",
    "Alla styrelseledamöter ska ha gått distriktets ledarutbildning.",
    "Publicera minst ett inlägg i veckan om {obj} i våra kanaler.",
    "Föreningens arbete med {obj} ska utvärderas vid årsmötet {year2}.",
    "Öka antalet förtroendevalda med arbetaryrken.",
    "Nya medlemmar ska ha fått möjlighet att gå på Kurs för nya medlemmar.",
]

ACTIVITIES = [
    "Hålla månatliga medlemsmöten med {obj} som tema.",
    "Arrangera en kurs om {obj} tillsammans med distriktet.",
    "Dela ut flygblad om {obj} vid pendeltågsstationer och torg.",
    "Bjuda in {actor} till ett samtal om {obj}.",
    "Skicka ut ett nyhetsbrev varje månad.",
    "Hålla träffar för nya medlemmar innan stormötena.",
    "Skicka ut välkomstbrev till nya medlemmar.",
    "Knacka dörr i minst {n2} bostadsområden.",
    "Starta en arbetsgrupp för {obj}.",
    "Genomföra en enkät bland medlemmarna om {obj}.",
    "Uppmuntra medlemmar att arrangera och delta i bok- och studiecirklar.",
    "Bjuda in förtroendevalda för att berätta om det politiska arbetet.",
    "Delta i manifestationer och demonstrationer tillsammans med lokala rörelser.",
]

# Recommendations: infinitive verb phrases (after "att").
REC_VPS = [
    "avsätta resurser för {obj}",
    "prioritera {obj} i budgeten för {year2}",
    "utse en ansvarig för {obj}",
    "följa upp arbetet med {obj} varje halvår",
    "ta fram utbildningsmaterial om {obj}",
    "utveckla, strukturera och resurssätta arbetet med {obj}",
    "i samband med årsmötena sprida information om {obj}",
    "bjuda in medlemmarna till en öppen diskussion om {obj}",
    "göra en strategisk plan för {obj}",
    "samordna arbetet med {obj} mellan kanslierna",
    "lyfta goda exempel på {obj}",
]

REC_FORMS = [
    "Vi uppmanar {a} att {vp}.",
    "Vi uppmanar {a} och {b} att {vp}.",
    "Vi rekommenderar {a} att {vp}.",
    "Vi rekommenderar {a} att, tillsammans med {b}, {vp}.",
    "{A} bör {vp}.",
    "{A} ska i samarbete med {b} {vp}.",
]

# Commitments: lower-case infinitive phrases completing "Vänsterpartiet kommer att …".
COMMIT_VPS = [
    "prioritera {obj}",
    "utveckla {obj}",
    "stärka {obj}",
    "avsätta resurser för {obj}",
    "bygga upp {obj} på alla nivåer",
    "verka för {obj}",
    "satsa på {obj} i hela landet",
    "bli bättre på att lyfta {obj}",
    "våga testa nya metoder för {obj} och finansiera det",
    "ta fram en organisationsstruktur för {obj}",
]

SUBTITLES = [
    "Vi höjer våra röster!", "Ett solidariskt och hållbart {place}", "Tillsammans för jämlikhet",
    "En vänster för hela {place}", "Framåt tillsammans", "Vår tid är nu",
    "Ett rättvist och solidariskt samhälle", "Organisera, mobilisera, vinna",
]

REPORT_TITLES = [
    ("Verksamhetsberättelse", "verksamhetsberattelse"),
    ("Verksamhetsberättelse", "verksamhetsberattelse"),
    ("Valanalys", "valanalys"),
    ("Framtidskommissionens slutrapport", "framtidskommissionen"),
    ("Utvärdering av verksamhetsplanen", "utvardering"),
]

STRATEGY_TITLES = [
    ("Strategidokument", "strategidokument"),
    ("Strategisk plan", "strategisk-plan"),
]

FOLLOWUP_FORMS = [
    "Målet {link} har uppnåtts under året.",
    "Målet {link} uppnåddes delvis; arbetet fortsätter.",
    "Arbetet med {link} har inte kommit igång och bör prioriteras.",
]

LINK_SENTENCES = [
    "Se även {link}.",
    "Detta bygger vidare på {link}.",
    "Arbetet knyter an till {link}.",
    "(Jämför {link}.)",
    "Bakgrunden finns beskriven i {link}.",
]

STOPWORDS = {
    "och", "att", "för", "med", "som", "till", "från", "på", "om", "av", "i", "en", "ett",
    "det", "den", "de", "vi", "vår", "våra", "alla", "inom", "under", "efter", "minst",
    "ska", "varje", "mellan", "samt", "eller", "hela", "nya", "fler", "olika",
}
