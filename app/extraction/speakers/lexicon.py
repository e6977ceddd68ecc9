"""Word lists for attribution: speech verbs, titles, organisation words, pronouns."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of text, as a set."""
    return frozenset(text.split())


VERB_FORMS = words(
    """say said says tell told tells write wrote writes add added adds continue continued
    continues conclude concluded concludes explain explained explains note noted state stated
    claim claimed report reported announce announced announces declare declared declares
    estimate estimated insist insisted insists warn warned warns confirm confirmed confirms
    argue argued argues post posted tweet tweeted acknowledge acknowledged acknowledges admit
    admitted admits stress stressed stresses emphasise emphasised emphasises emphasize
    emphasized emphasizes assert asserted asserts reiterate reiterated reiterates reveal revealed
    disclose disclosed discloses allege alleged alleges boast boasted boasts predict predicted
    predicts ask asked asks reply replied replies respond responded responds recall recalled
    recalls mention mentioned mentions remark remarked find found finds show showed shows"""
)
SPEECH_VERBS = VERB_FORMS
NOUN_LIKE_VERBS = words("reports claims notes states posts estimates remarks tweets statements")
WEAK_VERBS = words(
    "add added adds continue continued continues conclude concluded concludes post posted "
    "note noted state stated find found finds"
)
# "figures from X showed", "a poll by X published on Monday showed": what a report shows is
# said by whoever made it, and these verbs attribute nothing else.
STUDY_VERBS = words("find found finds show showed shows")
SPEECH_FOLLOWERS = words(
    'that on in at during later while adding , : . “ " ‘ this last yesterday today '
    "monday tuesday wednesday thursday friday saturday sunday"
)
PASSIVE = words("was were been be being is are")
PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "any"}
TITLE_WORDS = words(
    """mr mrs ms dr lender charity governor governors president vice prime premier minister
    ministers ministry spokesman spokeswoman spokesperson spokespeople spokespersons press
    secretary mayor commander commander-in-chief chief head general lieutenant colonel major
    captain sergeant admiral marshal officer officers official officials adviser advisor aide
    analyst analysts expert experts researcher researchers economist economists director deputy
    leader chairman chairwoman chair ceo founder ambassador envoy senator lawmaker lawmakers
    legislator mp prosecutor prosecutors judge representative coordinator commissioner chancellor
    king queen pope foreign defense defence interior health finance economy regional local city
    state military army navy air force forces staff border guard emergency emergencies service
    services police authorities authority government administration office agency institute
    think tank think-tank group monitor monitors organization organisation observatory council
    committee command department bureau company firm operator watchdog mission top senior former
    acting presidential national security intelligence human rights region oblast district
    municipal provincial federal armed relief humanitarian refugee refugees aid statistics
    statistical central bank fund governorate war-monitoring based superintendent inspector
    detective constable councillor councilor sheriff professor"""
)
ORG_WORDS = words(
    """ministry staff office agency institute tank think-tank group monitor organization
    organisation observatory council committee command department bureau company firm operator
    watchdog mission government administration army military forces force navy police service
    services authorities authority bank fund union court commission kremlin pentagon parliament
    assembly centre center foundation network programme program corporation news press guard
    league federation association brigade regiment battalion division corps alliance
    coalition university college institution trust society board unhcr unicef who nato
    partnership"""
)
TITLE_ADJECTIVES = words(
    """national regional local central federal state armed human foreign interior presidential
    municipal provincial international global royal general health relief humanitarian"""
)
HEAD_STOP = words("of for in at from with on")
CONNECTORS = words("of for the and & de von van al el on")
DETERMINERS = words("the a an this that these those its his her their")
CAP_STOP = words(
    """yesterday today tomorrow on in at but and however meanwhile separately also then earlier
    later now still the a an this that it he she they we i speaking after before while when if
    since during though although as according monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    there here so thus nonetheless overall asked some many most all both"""
)
GENERIC_SPEAKERS = words(
    """officials authorities analysts experts residents witnesses sources police prosecutors
    researchers observers diplomats monitors investigators medics rescuers doctors locals
    economists lawmakers organisers organizers forecasters meteorologists scientists
    campaigners activists protesters volunteers firefighters paramedics lawyers judges
    traders bankers critics supporters opponents insiders executives negotiators mediators
    inspectors regulators auditors pollsters statisticians historians engineers teachers
    nurses farmers villagers survivors relatives families neighbours neighbors passengers
    fans spokespeople spokesmen spokeswomen staff workers employees unions managers
    planners agencies ministries governments militaries troops soldiers commanders
    prosecutors coroners epidemiologists virologists climatologists seismologists
    geologists hydrologists"""
)
# Words that end a lower-case description before a name ("the group that ...", "said in").
DESCRIPTOR_STOP = words(
    """that who which whose when where said says told and or but with in on at by to from as
    than for of after before while during about over under into this these those its their
    his her our is was are were has have had will would"""
)
# Spokespeople: "a spokeswoman for X" is X speaking.
SPOKES = words("spokesman spokeswoman spokesperson spokespeople representative representatives")
# "a report by X found", "a study from X found"
STUDY_NOUNS = words(
    "report study survey analysis audit review poll investigation paper research census inquiry"
)
# "police put the figure at 15,000": an estimate made by the subject.
ESTIMATE_NOUNS = words("figure number toll total count cost damage losses tally death")
SOURCE_NOUNS = words(
    """figures data estimates estimate statistics statement report reports tally count numbers
    records assessment assessments calculations survey poll results result findings returns
    projections forecast forecasts tallies counts"""
)
# What a report, a study or its data is called: "the study found", "according to data from X".
REPORT_NOUNS = STUDY_NOUNS | SOURCE_NOUNS

# Ukrainian and Russian. Verbs in the past and present forms wire copy uses.
CYRILLIC_SPEECH_VERBS = words(
    """заявив заявила заявили заявило заявляє заявляють сказав сказала сказали сказало
    повідомив повідомила повідомили повідомило повідомляє повідомляють зазначив зазначила
    зазначили зазначає зазначають наголосив наголосила наголосили наголошує додав додала
    додали написав написала написали пише розповів розповіла розповіли підкреслив підкреслила
    підкреслили уточнив уточнила уточнили заявил заявила заявили заявило заявляет заявляют
    сказал сказала сказали сказало сообщил сообщила сообщили сообщило сообщает сообщают
    отметил отметила отметили отмечает отмечают подчеркнул подчеркнула подчеркнули добавил
    добавила добавили написал написала написали пишет рассказал рассказала рассказали уточнил
    уточнила уточнили указал указала указали попередив попередила попередили попереджає
    предупредил предупредила предупредили предупреждает пояснив пояснила пояснили пояснил
    пояснила пояснили підтвердив підтвердила підтвердили подтвердил подтвердила подтвердили
    оцінив оцінила оцінили оценил оценила оценили визнав визнала признал признала
    прогнозує прогнозують прогнозирует прогнозируют передає передають передает передают
    оголосив оголосила оголосили объявил объявила объявили нагадав нагадала нагадали
    напомнил напомнила напомнили підрахував підрахувала підрахували подсчитал подсчитала
    подсчитали порахували посчитали предупреждают попереджають напоминают нагадують"""
)
# Verbs whose source is named after a statement, report or survey noun (and a preposition):
# "говорится в сообщении МЧС", "свідчить опитування КМІС", "следует из данных Росстата".
CYRILLIC_STATEMENT_VERBS = words(
    """говорится йдеться ідеться свідчить свідчать показало показав показала показує
    показують показывает показывают следует випливає отмечается зазначається указывается
    вказується сообщается повідомляється подчеркивается наголошується"""
)
STATEMENT_NOUNS = words(
    """сообщении заявлении документе релизе сводке отчете отчёте докладе повідомленні заяві
    документі релізі зведенні звіті доповіді опитування дослідження дані даних звіт
    опрос исследование данные данных отчет отчёт доклад отчета отчёта доклада звіту
    доповіді повідомлення сообщения прогнозе прогноза прогнозі прогнозу обзоре обзора огляді
    огляду стратегии стратегії исследовании дослідженні материалах матеріалах бюллетене
    бюлетені пресс-релизе прес-релізі материалов матеріалів"""
)
# An unnamed source ("рассказал РБК источник в отрасли"), the outlet told before it.
CYRILLIC_SOURCE_PERSONS = words("источник источники джерело джерела собеседник співрозмовник")
# Words before an outlet a speaker talks to ("в интервью «Интерфаксу» заявила").
CYRILLIC_OUTLET_WORDS = words("интервью інтерв'ю інтерв’ю изданию виданню агентству")
# Adverbs between a speaker and its verb ("Он также отметил", "Вона вже заявила").
CYRILLIC_PASSED_ADVERBS = words("также тоже також теж уже вже еще ещё ще")
# An office's region after "по" is part of its name ("ГУ МЧС России по Томской области",
# "МВД по Башкирии", "ГУ МЧС России по региону").
CYRILLIC_REGION_NOUNS = words("краю области району региону республике округу городу краї області")
CYRILLIC_PRONOUNS = {
    "він": "he", "вона": "she", "воно": "it", "вони": "they",
    "он": "he", "она": "she", "оно": "it", "они": "they",
}  # fmt: skip
# "за його словами", "по её словам": the possessive names the speaker.
CYRILLIC_POSSESSIVES = {"його": "he", "її": "she", "їх": "they", "его": "he", "ее": "she",
                        "её": "she", "их": "they"}  # fmt: skip
# "за словами X", "по данным X": a preposition and a source noun before the speaker.
ACCORDING_PREPOSITIONS = words("за по согласно")
CYRILLIC_SOURCE_NOUNS = words(
    """словами даними інформацією оцінкою оцінками підрахунками повідомленням прогнозом
    словам данным информации оценке оценкам подсчетам подсчётам сообщению прогнозу"""
)
# Words a speaker phrase does not run across: prepositions, conjunctions that open a clause,
# and the words that introduce a reported clause.
CYRILLIC_PHRASE_STOP = words(
    """у в во на з із зі с со до від от за по про о об при після после під под для через
    без біля около між между що что як как це этом цьому этом також также вже уже ще еще
    ещё не ні ни раніше ранее зокрема в частности тому поэтому але но а коли когда якщо если
    хоча хотя де где який которая который яка які которые загалом всего усього також
    водночас одновременно крім кроме окрім згодом позже вчора вчера сьогодні сегодня зараз
    сейчас наразі нагадаємо напомним ранее наприклад например telegram facebook youtube
    twitter instagram x телеграм телеграм-каналі фейсбуці"""
)
CYRILLIC_PREPOSITIONS = words(
    """у в во на з із зі с со до від от за по про о об при після после під под для через
    без біля около між между"""
)
# Words (stemmed where used, see inflect.stem, so any case ending matches) that make a phrase a
# person's title, an organisation, or a group of unnamed speakers.
CYRILLIC_PERSON_TITLES = words(
    """президент прем'єр-міністр премьер-министр прем'єр премьер міністр министр губернатор
    мер мэр голова глава речник речниця представник представниця представитель керівник
    керівниця руководитель директор командувач командующий начальник спікер спикер секретар
    секретарь прессекретар пресс-секретарь посол депутат прокурор суддя судья очільник
    очільниця заступник заступниця заместитель науковий научный генеральний генеральный
    головний главный віцепрем'єр віцепрем'єрка віце-прем'єр віце-прем'єрка вице-премьер
    міністерка депутатка прокурорка омбудсман омбудсмен уповноважений уполномоченный
    заммэра заммера вице-мэр віцемер"""
)
CYRILLIC_ORG_WORDS = words(
    """міністерство министерство відомство ведомство служба пресслужба прес-служба
    пресс-служба управління управление адміністрація администрация уряд правительство
    поліція полиция прокуратура штаб рада комісія комиссия комітет комитет союз банк фонд
    агентство центр регулятор оператор компанія компания корпорація корпорация концерн
    об'єднання объединение організація организация партія партия мерія мэрия парламент
    дума суд охорона охрана інспекція инспекция асоціація ассоциация спілка федерація
    федерация конфедерація конфедерация палата біржа биржа університет университет інститут
    институт агенція клуб команда рух руху движение движения мерія горсовет міськрада облрада
    минфин минстрой минздрав минтранс минэнерго минсельхоз минприроды минпромторг минтруд
    минюст минобороны минэкономразвития минобрнауки минпросвещения магистраль"""
)
CYRILLIC_GROUPS = words(
    """синоптик синоптики наблюдатель наблюдатели спостерігач спостерігачі експерт експерти
    эксперт эксперты аналітик аналітики аналитик аналитики рятувальник рятувальники
    гидролог гидрологи гідролог гідрологи спасатель спасатели медик медики лікар лікарі врач
    врачи чиновник чиновники посадовець
    посадовці правоохоронці силовики очевидці очевидцы свидетель свидетели житель жители
    мешканець мешканці волонтер волонтери волонтеры організатор організатори организатор
    организаторы вчений вчені учёный ученый ученые учёные науковці джерело джерела источник
    источники економіст економісти экономист экономисты влада власти власть соціолог
    соціологи социолог социологи"""
)
