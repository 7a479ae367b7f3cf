"""Sample minutes for exporter tests: an invented futures workshop on rural third places."""

from __future__ import annotations

import datetime
from dataclasses import replace

from workshop.domain.minutes import (
    Action,
    AgendaRow,
    Board,
    BrainstormSection,
    Context,
    GroupAnswer,
    GroupSynthesis,
    Header,
    Heading,
    Headings,
    Minutes,
    NextSteps,
    NextWorkshop,
    Orientation,
    Participants,
    Person,
    Prompt,
    RankRow,
    Referent,
    ScenarioSection,
    VoteSection,
)

SCRIPT = "<script>alert('piège')</script>"

HEADER = Header(
    title="Compte rendu de l'atelier du futur",
    series="Atelier 2",
    theme="Tiers-lieux ruraux et coopération",
    organiser="Réseau des foyers ruraux du Haut-Val",
    date=datetime.date(2025, 11, 18),
    start=datetime.time(9, 30),
    end=datetime.time(12, 30),
    place="Salle des fêtes de Saint-Aubin-des-Prés",
    written_by="Claire Fontanel",
)

CONTEXT = Context(
    theme="Faire des tiers-lieux ruraux des lieux de coopération",
    stakes=(
        "Le premier atelier a montré que les tiers-lieux du Haut-Val restent mal connus des "
        "communes et des habitants, alors qu'ils accueillent déjà des services utiles.",
        "Il s'agit de passer d'initiatives isolées à un réseau qui parle d'une seule voix "
        "et qui sait nouer des partenariats durables avec les collectivités.",
        "Leur modèle économique reste fragile : sans ressources propres, chaque lieu dépend "
        "d'appels à projets de courte durée.",
    ),
)

PEOPLE = (
    Person("Zeller", "Paul", "Café associatif La Grange", "association"),
    Person("Ollivier", "Marc", "Mairie de Saint-Aubin", "elected"),
    Person("émery", "Lucie", "Foyer rural de Vaux", "association"),
    Person("Berthier", "Anne", "Communauté de communes du Haut-Val", "public_body"),
    Person("Dubois", "Samia", "Ateliers partagés SCIC", "company"),
    Person("Berthier", "Alain", "Foyer rural de Vaux", "association"),
    Person("Çelik", "Deniz", "", "resident"),
    Person("Faure", "Inès", "Département", "public_body"),
)

# Sorted by surname then first name, accents and case ignored.
SORTED_LINES = (
    "BERTHIER Alain – Foyer rural de Vaux",
    "BERTHIER Anne – Communauté de communes du Haut-Val",
    "ÇELIK Deniz",
    "DUBOIS Samia – Ateliers partagés SCIC",
    "ÉMERY Lucie – Foyer rural de Vaux",
    "FAURE Inès – Département",
    "OLLIVIER Marc – Mairie de Saint-Aubin",
    "ZELLER Paul – Café associatif La Grange",
)

PARTICIPANTS = Participants(people=PEOPLE, present=14)

AGENDA = (
    AgendaRow("Accueil et rappel des enjeux", 15, 20),
    AgendaRow("Projection en 2035", 40, 45),
    AgendaRow("Pistes d'orientation", 45, 40),
    AgendaRow("Priorisation", 20, 15),
    AgendaRow("Bilan et suites", 15, None),
)

GROUP_A = GroupAnswer(
    group="Groupe A",
    title="Le tiers-lieu qui a réussi",
    body=Headings(
        (
            Heading(
                "Un lieu que tout le monde connaît",
                ("ouvert six jours sur sept", "signalé depuis la route départementale"),
            ),
            Heading(
                "Un partenaire écouté",
                (
                    "invité aux commissions intercommunales",
                    "sollicité avant chaque projet de territoire",
                ),
            ),
            Heading(
                "Une économie propre",
                ("la buvette et l'atelier couvrent le loyer",),
                origin="Lucie et Paul",
            ),
            Heading("Des bénévoles formés", ("un parcours d'accueil pour chaque nouvel arrivant",)),
        )
    ),
    synthesis=(
        "Le tiers-lieu est devenu un repère : on y vient pour un service et on y reste pour "
        "un projet.",
    ),
)

EXIGENCE_1 = Heading("Ouverture à tous", ("horaires adaptés aux actifs", "accès sans adhésion"))
EXIGENCE_2 = Heading("Comptes clairs", ("bilan annuel présenté au conseil municipal",))
EXIGENCE_3 = Heading("Animation du bourg | marché", ("un événement par saison",))
REFUTATION_1 = Heading("Concurrence avec les commerces", ("pas de restauration le midi",))
REFUTATION_2 = Heading("Entre-soi", ("un cercle d'habitués qui décide de tout",))

GROUP_B = GroupAnswer(
    group="Groupe B",
    title="Le regard de la commune",
    body=Board(
        columns=("Exigences", "Réfutations"),
        rows=(
            (EXIGENCE_1, REFUTATION_1),
            (EXIGENCE_2, None),
            (None, REFUTATION_2),
            (EXIGENCE_3, None),
        ),
    ),
)

SCENARIO = ScenarioSection(
    title="Projection : le tiers-lieu en 2035",
    introduction=("Les participants se sont projetés dix ans plus tard, par sous-groupes.",),
    prompts=(
        Prompt(
            ("Groupe A",),
            "Nous sommes en 2035 ; la nouvelle préfète visite le Haut-Val. "
            "En trois minutes, présentez-lui ce que votre tiers-lieu apporte au territoire.",
            title="le tiers-lieu qui a réussi",
        ),
        Prompt(
            ("Groupe B",),
            "Vous venez d'être élu maire. Vous recevez l'équipe du "
            "tiers-lieu : que lui demandez-vous, et que refusez-vous ?",
            title="le regard de la commune",
        ),
    ),
    answers=(GROUP_A, GROUP_B),
)

ORIENTATIONS = (
    Orientation(
        "Mutualiser un poste de coordination",
        ("partager un salarié entre trois lieux", "financer le poste sur cinq ans"),
        ("Groupe A",),
    ),
    Orientation(
        "Se faire connaître des communes", ("une visite annuelle des élus",), ("Groupe B",)
    ),
    Orientation(
        "Bâtir une offre de services commune",
        ("catalogue partagé", "tarifs lisibles"),
        ("Groupe A", "Groupe B"),
        ("à relier à la piste sur le coordinateur",),
    ),
    Orientation(
        "Former les bénévoles à l'accueil", ("un module court chaque trimestre",), ("Groupe A",)
    ),
    Orientation("Ouvrir les lieux aux jeunes", ("un créneau réservé le mercredi",), ("Groupe B",)),
    Orientation("Diversifier les ressources", ("location d'espaces", "prestations"), ("Groupe A",)),
    Orientation(
        "Signer une convention avec l'intercommunalité", ("durée de trois ans",), ("Groupe B",)
    ),
    Orientation("Mesurer l'utilité sociale", ("des indicateurs simples",), ("Groupe A",)),
    Orientation(
        "Créer un fonds de solidarité entre lieux",
        ("abondé par chaque lieu",),
        ("Groupe B",),
        (SCRIPT,),
    ),
)

BRAINSTORM = BrainstormSection(
    title="Les pistes pour ancrer les tiers-lieux",
    introduction=("Chaque sous-groupe a proposé des orientations, ensuite regroupées.",),
    question="Quelles orientations pour que les tiers-lieux pèsent davantage ?",
    orientations=ORIENTATIONS,
    comments=(
        "Plusieurs pistes supposent une coordination commune : elles se renforcent.",
        "Le fonds de solidarité suscite des réserves chez les plus petits lieux.",
    ),
    syntheses=(
        GroupSynthesis("Groupe A", ("Le groupe insiste sur les moyens humains.",)),
        GroupSynthesis("Groupe B", ("Le groupe insiste sur la relation aux élus.",)),
    ),
)

SCORES = (14, 9, 7, 7, 5, 3, 3, 2, 0)
RANKS = (1, 2, 3, 3, 5, 6, 6, 8, 9)
RANK_LABELS = ("1", "2", "3=", "3=", "5", "6=", "6=", "8", "9")
RANKED = (0, 2, 1, 6, 3, 5, 8, 4, 7)  # orientation indexes in ranking order


def _rank_rows() -> tuple[RankRow, ...]:
    tied = {3, 6}
    return tuple(
        RankRow(
            rank,
            ORIENTATIONS[index].heading,
            score,
            tied=rank in tied,
            retained=rank <= 3,
            share=score / sum(SCORES),
        )
        for rank, index, score in zip(RANKS, RANKED, SCORES, strict=True)
    )


VOTE = VoteSection(
    title="Orientations prioritaires",
    method="dots",
    budget=3,
    voters=17,
    proxies=2,
    rows=_rank_rows(),
    cutoff_note="Les deux orientations à égalité au troisième rang sont retenues.",
)

NEXT_STEPS = NextSteps(
    next_workshop=NextWorkshop(
        date=datetime.date(2025, 12, 9),
        deepens="les quatre orientations retenues",
        objectives=(
            "définir les premières actions de chaque orientation",
            "identifier les partenaires à associer",
        ),
    ),
    actions=(
        Action(
            "Recenser les locaux vacants des bourgs",
            group="Groupe A",
            referents=(Referent("Lucie Émery", "Foyer rural de Vaux"),),
            contact="lucie.emery@example.org",
            description="Un inventaire partagé avant le printemps.",
            needs=("une carte du territoire", "deux bénévoles"),
        ),
        Action(
            "Rédiger une charte d'accueil commune",
            shared_by=("Groupe A", "Groupe B"),
            referents=(
                Referent("Marc Ollivier", "Mairie de Saint-Aubin"),
                Referent("Samia Dubois"),
            ),
            description="Une page, signée par chaque lieu.",
            needs=("un relecteur juridique",),
        ),
    ),
)

SECTION_TITLES_FR = (
    "Contexte et enjeux",
    "Participants",
    "Déroulé de la séance",
    SCENARIO.title,
    BRAINSTORM.title,
    VOTE.title,
    "Suites",
)


def sample_minutes(**overrides) -> Minutes:
    """Return complete French draft minutes; keyword arguments replace top-level fields."""
    minutes = Minutes(
        header=HEADER,
        lang="fr",
        status="draft",
        context=CONTEXT,
        participants=PARTICIPANTS,
        agenda=AGENDA,
        sections=(SCENARIO, BRAINSTORM, VOTE),
        next_steps=NEXT_STEPS,
    )
    return replace(minutes, **overrides)


def empty_minutes(**overrides) -> Minutes:
    """Return final minutes whose every part is present but empty."""
    minutes = Minutes(
        header=Header(title="Atelier sans contenu"),
        lang="fr",
        status="final",
        context=Context(),
        participants=Participants(),
        sections=(
            ScenarioSection("Scénario vide", answers=(GroupAnswer("Groupe A"),)),
            BrainstormSection("Pistes vides"),
            VoteSection("Vote vide"),
        ),
        next_steps=NextSteps(next_workshop=NextWorkshop()),
    )
    return replace(minutes, **overrides)
