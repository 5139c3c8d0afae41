import re
from typing import NamedTuple

from django import forms
from django.utils.html import strip_tags
from django.utils.text import capfirst, format_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import ContactPerson, Kind, Language, Organisation
from portal.reporting import subchapters
from portal.text.collation import norwegian
from portal.privacy.files import ACCEPT_ATTRIBUTE
from panel.models import (
    Diet,
    InputProposal,
    CLOSED_INPUT_STATUSES,
    InputItem,
    InputStatus,
    InvitationStatus,
    Meeting,
    MeetingAttachment,
    MeetingSeries,
    ServiceMember,
    Topic,
    WorkingMethod,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TOPIC_SEPARATORS = re.compile(r"[\r\n|;,]")


class MeetingForm(forms.ModelForm):
    working_methods = forms.MultipleChoiceField(
        label=_("Arbeidsmåter"), required=False, choices=WorkingMethod.choices, widget=forms.CheckboxSelectMultiple
    )
    new_topics = forms.CharField(
        label=_("Nye temaer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Temaer som ikke står i listen over, ett per linje (komma og semikolon skiller også)."),
    )

    series = forms.ModelChoiceField(
        label=_("Møteserie"),
        queryset=MeetingSeries.objects.none(),
        required=False,
        empty_label=_("Erfaringspanelet"),
        help_text=_("Erfaringspanelet, eller en av de andre møteseriene (arbeidsgrupper, inkluderingsteam …)."),
    )

    class Meta:
        model = Meeting
        fields = [
            "series", "title", "date", "start_time", "end_time", "location", "status",
            "topics", "new_topics", "working_methods", "agenda",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "topics": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.order_by(norwegian("name"))
        self.fields["series"].queryset = MeetingSeries.objects.order_by(norwegian("name"))

    def clean_new_topics(self):
        # One per line is what people type; ";" and "," (Norwegian keyboards) and the import's "|"
        # separate too, so no list of topics ever becomes one topic.
        names = [name.strip() for name in TOPIC_SEPARATORS.split(self.cleaned_data["new_topics"]) if name.strip()]
        if any(len(name) > 200 for name in names):
            raise forms.ValidationError(_("Et tema kan ha høyst 200 tegn."))
        return names

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Møtet må slutte etter at det starter."))
        if end and not start:
            self.add_error("start_time", _("Oppgi når møtet starter."))
        return cleaned


# About 40 pages of A4 as text: longer minutes are a paste gone wrong, or belong in an attachment
# (and their PDF would keep the job worker busy for minutes).
MINUTES_MAX_CHARACTERS = 100_000


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes", "minutes_sent_to", "minutes_sent_on"]
        widgets = {"minutes_sent_on": DATE}

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        length = len(strip_tags(minutes))
        if length > MINUTES_MAX_CHARACTERS:
            raise forms.ValidationError(
                _("Referatet er for langt: %(length)s tegn, høyst %(limit)s er lov. Korte det ned, eller legg den lange teksten ved som fil.")
                % {"length": f"{length:,}".replace(",", "\u00a0"), "limit": f"{MINUTES_MAX_CHARACTERS:,}".replace(",", "\u00a0")}
            )
        return minutes


class MinutesSendForm(forms.Form):
    """Send the minutes to a list (the political committee, a council unit) and record it."""

    recipients = forms.CharField(label=_("Mottakere"), max_length=300, help_text=_("For eksempel integreringsutvalget."))
    addresses = forms.CharField(
        label=_("E-postadresser"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én per linje (komma skiller også)."),
    )

    def clean_addresses(self):
        from django.core.validators import validate_email

        found = [part.strip() for part in re.split(r"[\s,;]+", self.cleaned_data["addresses"]) if part.strip()]
        bad = []
        for address in found:
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError(_("Ikke gyldige e-postadresser: %(bad)s") % {"bad": ", ".join(bad)})
        if not found:
            raise forms.ValidationError(_("Skriv minst én e-postadresse."))
        return list(dict.fromkeys(found))


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    unit = forms.CharField(label=_("Enhet"), max_length=200, required=False)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = MeetingAttachment
        fields = ["title", "file", "send_with_invitation"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}


MAX_PEOPLE = 200


class InvitationReplyForm(forms.Form):
    """The organisation's reply from the link in its invitation: whether it comes and, if it does,
    what the meeting needs (people, an interpreter, food, access), and a message."""

    people_coming = forms.IntegerField(
        label=_("Hvor mange kommer?"), min_value=1, max_value=MAX_PEOPLE, initial=1,
        error_messages={"required": _("Skriv hvor mange som kommer (minst 1).")},
    )
    interpreter_language = forms.ModelChoiceField(
        label=_("Trenger dere tolk?"), required=False, queryset=None, empty_label=_("Nei, ingen tolk"),
        help_text=_("Velg språket tolken skal snakke."),
    )
    diet_other = forms.CharField(
        label=_("Annet om mat og allergier"), required=False, max_length=300,
    )
    access_needs = forms.CharField(
        label=_("Behov for tilrettelegging"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("For eksempel rullestol, hørselsslynge eller barnepass."),
    )
    reply_message = forms.CharField(
        label=_("Melding til koordinatoren"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, accepting=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepting = accepting
        if not accepting:  # a "no" carries only the message
            for name in list(self.fields):
                if name != "reply_message":
                    del self.fields[name]
            return
        self.fields["interpreter_language"].queryset = Language.objects.order_by("name_nb")
        self.fields["interpreter_language"].label_from_instance = lambda language: capfirst(language.name)
        for value, label in Diet.choices:
            self.fields[f"diet_{value}"] = forms.IntegerField(
                label=format_lazy("{} ({})", label, _("antall")), required=False, min_value=0, max_value=MAX_PEOPLE,
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )
        self.order_fields(
            ["people_coming", "interpreter_language"] + [f"diet_{value}" for value in Diet.values]
            + ["diet_other", "access_needs", "reply_message"]
        )

    def clean(self):
        cleaned = super().clean()
        if not self.accepting:
            return cleaned
        diets = {value: cleaned.get(f"diet_{value}") or 0 for value in Diet.values}
        cleaned["diets"] = {value: count for value, count in diets.items() if count}
        people = cleaned.get("people_coming")
        if people and sum(cleaned["diets"].values()) > people:
            self.add_error(None, _("Det er flere i kostholdsfeltene (%(diets)s) enn som kommer (%(people)s).") % {
                "diets": sum(cleaned["diets"].values()), "people": people,
            })
        return cleaned

    def needs(self):
        """The reply's details as Invitation field values."""
        cleaned = self.cleaned_data
        if not self.accepting:
            return {"reply_message": cleaned.get("reply_message", "")}
        return {
            "people_coming": cleaned["people_coming"],
            "interpreter_language": cleaned.get("interpreter_language"),
            "diets": cleaned["diets"],
            "diet_other": cleaned.get("diet_other", ""),
            "access_needs": cleaned.get("access_needs", ""),
            "reply_message": cleaned.get("reply_message", ""),
        }


class InviteForm(forms.Form):
    ALL_IMMIGRANT = "all_immigrant"
    ATTENDED_BEFORE = "attended_before"
    BY_KIND = "by_kind"
    CHOSEN = "chosen"
    SERIES_MEMBERS = "series_members"
    who = forms.ChoiceField(
        label=_("Hvem skal inviteres"),
        widget=forms.RadioSelect,
        choices=[
            (ALL_IMMIGRANT, _("Alle innvandrerorganisasjoner og trossamfunn")),
            (ATTENDED_BEFORE, _("Alle som har deltatt på et panelmøte før")),
            (BY_KIND, _("Alle av en type")),
            (CHOSEN, _("Valgte organisasjoner (alle typer)")),
            (SERIES_MEMBERS, _("Medlemmene av møteserien")),
        ],
        initial=ALL_IMMIGRANT,
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", "–")] + list(Kind.choices))
    organisations = forms.TypedMultipleChoiceField(
        label=_("Valgte organisasjoner"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Velg enkeltorganisasjoner av alle typer: innvandrerorganisasjoner, frivillige, kommunale virksomheter, næringsliv."),
    )
    send_email = forms.BooleanField(
        label=_("Send invitasjon på e-post med kalenderfil"), required=False, initial=True
    )
    message = forms.CharField(
        label=_("Melding i e-posten"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    confirm_past = forms.BooleanField(
        label=_("Ja, send invitasjoner til et møte som er passert"), required=False
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_is_past = meeting is not None and meeting.date < timezone.localdate()
        if not self.meeting_is_past:
            del self.fields["confirm_past"]
        # Grouped by kind (one query), so any organisation of any kind can be picked.
        labels = dict(Kind.choices)
        groups = {}
        for pk, name, kind in Organisation.objects.active().order_by(norwegian("name")).values_list("pk", "name", "kind"):
            groups.setdefault(kind, []).append((pk, name))
        self.fields["organisations"].choices = [(labels.get(kind, kind), groups[kind]) for kind in Kind.values if kind in groups]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("who") == self.BY_KIND and not cleaned.get("kind"):
            self.add_error("kind", _("Velg en type."))
        if cleaned.get("who") == self.CHOSEN and not cleaned.get("organisations"):
            self.add_error("organisations", _("Velg minst én organisasjon."))
        if self.meeting_is_past and cleaned.get("send_email") and not cleaned.get("confirm_past"):
            # An invitation to a meeting that has been held is most often the wrong meeting chosen.
            self.add_error("confirm_past", _("Møtet er passert. Kryss av her hvis invitasjonene likevel skal sendes."))
        return cleaned


class InvitationAnswersForm:
    """The invitations page's answers, all in one form: s-<invitation id> the answer chosen,
    si-<invitation id> the answer the page showed (the version). answers: {id: (shown, new)}
    for the changed rows with known values."""

    def __init__(self, data):
        self.data = data
        self.answers = {}

    def is_valid(self):
        allowed = set(InvitationStatus.values)
        for key, value in self.data.items():
            if not key.startswith("s-") or not key[2:].isdigit():
                continue
            shown = self.data.get(f"si-{key[2:]}", "")
            if value in allowed and shown in allowed and value != shown:
                self.answers[int(key[2:])] = (shown, value)
        return True


class NewOrganisationForm(forms.Form):
    """An organisation that came to the door, added in the same form as the counts: a new one
    is registered, one already present is pointed to. An empty name adds nothing."""

    name = forms.CharField(label=_("Navn på ny organisasjon"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.IMMIGRANT_ORGANISATION)
    participants = forms.IntegerField(label=_("Antall deltakere"), min_value=1, max_value=999, initial=1)

    def __init__(self, *args, name_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_required = name_required

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name and self.name_required:
            raise forms.ValidationError(_("Skriv navnet på organisasjonen som skal legges til."))
        return name

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name"):
            # Nothing to add: the other fields' defaults must not stop the counts being saved.
            self.errors.pop("participants", None)
            self.errors.pop("kind", None)
        return cleaned


MAX_PARTICIPANTS = 999
COUNT_ERROR = _("Skriv et helt tall fra 0 til 999.")


def door_count(value):
    """A count typed at the door: '' or 0 is none (None); otherwise 1–999. ValueError else."""
    value = (value or "").strip()
    if value == "":
        return None
    number = int(value)  # ValueError for anything else
    if number < 0 or number > MAX_PARTICIPANTS:
        raise ValueError(value)
    return number or None


class Change(NamedTuple):
    """A count typed over the one the page showed (the version it was typed against); None is no
    attendance."""

    shown: int | None
    new: int | None


class Typed(NamedTuple):
    """A count that is not one, as it was typed (kept so the page shows it again), beside the
    count the page had shown."""

    value: str
    shown: str


class DoorForm:
    """The door page's one form: a count per organisation, the head counts and a new organisation.
    Each row is checked on its own: a bad value marks that row only.

    On the page (templates/panel/attendance.html, static/js/panel.js) a row's count is `p-<id>`
    beside the hidden count the page showed, `i-<id>`; a head count `h-<field>` beside `hi-<field>`;
    the new organisation is NewOrganisationForm under the prefix `new`. No one else reads these names.

    After is_valid(): changes {organisation_id: Change} and head_changes {field: Change} for what
    was changed; bad_rows {organisation_id: Typed} and bad_heads {field: Typed} for what is no count;
    addition, the new organisation's cleaned fields or None."""

    ROW, ROW_SHOWN, HEAD, HEAD_SHOWN = "p-", "i-", "h-", "hi-"

    def __init__(self, data, *, head_fields):
        self.data = data
        self.head_fields = head_fields
        self.changes, self.head_changes, self.bad_rows, self.bad_heads = {}, {}, {}, {}
        self.new_form = NewOrganisationForm(data, prefix="new", name_required="add" in data)

    def _counts(self):
        """(where a change goes, where a bad value goes, its key, typed, shown, an empty count's
        value) for every count the page sent; a field of no row of this page is passed over."""
        for name, value in self.data.items():
            if name.startswith(self.ROW) and name[len(self.ROW):].isdigit():
                organisation_id = int(name[len(self.ROW):])
                shown = self.data.get(f"{self.ROW_SHOWN}{organisation_id}", "")
                yield self.changes, self.bad_rows, organisation_id, value, shown, None
            elif name.startswith(self.HEAD) and name[len(self.HEAD):] in self.head_fields:
                field = name[len(self.HEAD):]
                shown = self.data.get(f"{self.HEAD_SHOWN}{field}", "")
                yield self.head_changes, self.bad_heads, field, value, shown, 0

    def is_valid(self):
        for changes, bad, key, value, shown, empty in self._counts():
            try:
                change = Change(new=door_count(value) or empty, shown=door_count(shown) or empty)
            except ValueError:
                bad[key] = Typed(value[:20], shown)
                continue
            if change.new != change.shown:
                changes[key] = change
        new_ok = self.new_form.is_valid()
        return not self.bad_rows and not self.bad_heads and new_ok

    @property
    def addition(self):
        """The new organisation's cleaned fields, or None when none is to be added."""
        if self.new_form.is_valid() and self.new_form.cleaned_data.get("name"):
            return self.new_form.cleaned_data
        return None


class InputItemForm(forms.ModelForm):
    # Themes are chosen from a list (the meetings' topics and the themes input already has), so
    # input can be summed up by theme; a new theme may still be written.
    theme_choice = forms.ChoiceField(label=_("Tema"), required=False)

    class Meta:
        model = InputItem
        fields = [
            "meeting", "text", "raised_by", "theme", "assigned_service", "status",
            "raised_on", "due_on", "answer", "answered_on", "public",
            "led_to_plan_items", "led_to_measures", "led_to_activities", "led_to_series",
        ]
        widgets = {
            "led_to_plan_items": forms.SelectMultiple(attrs={"size": 6}),
            "led_to_measures": forms.SelectMultiple(attrs={"size": 6}),
            "led_to_activities": forms.SelectMultiple(attrs={"size": 6}),
            "led_to_series": forms.SelectMultiple(attrs={"size": 4}),
            "text": forms.Textarea(attrs={"rows": 4}),
            "answer": forms.Textarea(attrs={"rows": 4}),
            "raised_on": DATE,
            "due_on": DATE,
            "answered_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.order_by("-date")
        self.fields["raised_by"].queryset = Organisation.objects.active().order_by("name")
        self.fields["assigned_service"].queryset = Organisation.objects.filter(kind=Kind.MUNICIPAL_SERVICE).order_by("name")
        from panel.selectors import plan_item_title

        self.fields["led_to_plan_items"].label_from_instance = plan_item_title
        self.fields["led_to_activities"].queryset = self.fields["led_to_activities"].queryset.order_by("-date", "pk")
        for name in ("led_to_plan_items", "led_to_measures", "led_to_activities", "led_to_series"):
            self.fields[name].help_text = _("Hold Ctrl nede for å velge flere.")
        from panel.selectors import input_theme_choices

        self.known_themes = input_theme_choices()
        self.fields["theme_choice"].choices = [("", _("Velg tema"))] + [(theme, theme) for theme in self.known_themes]
        self.fields["theme"].label = _("Eller et nytt tema")
        self.fields["theme"].help_text = _("Bare når temaet ikke står i listen.")
        if self.instance.theme in self.known_themes and not self.is_bound:
            self.initial["theme_choice"], self.initial["theme"] = self.instance.theme, ""
        self.order_fields(["meeting", "text", "raised_by", "theme_choice", "theme"])
        # An item's raised_on is the meeting's date unless given (docs/domain.md).
        self.fields["raised_on"].required = False
        self.fields["raised_on"].help_text = _("Tom: møtets dato.")

    def clean_theme(self):
        """A written theme that is in the list (ignoring case and spaces) is the listed one."""
        theme = " ".join((self.cleaned_data.get("theme") or "").split())
        by_key = {known.casefold(): known for known in self.known_themes}
        return by_key.get(theme.casefold(), theme)

    def clean(self):
        cleaned = super().clean()
        chosen, written = cleaned.get("theme_choice"), cleaned.get("theme")
        if chosen and written and chosen != written:
            self.add_error("theme", _("Velg et tema fra listen eller skriv et nytt, ikke begge."))
        elif chosen:
            cleaned["theme"] = self.instance.theme = chosen
        if not cleaned.get("raised_on") and cleaned.get("meeting"):
            # (also on the instance: a form posted without the field keeps the model's default)
            cleaned["raised_on"] = self.instance.raised_on = cleaned["meeting"].date
        if cleaned.get("public") and cleaned.get("status") not in CLOSED_INPUT_STATUSES:
            self.add_error("public", _("Bare besvarte innspill kan vises offentlig."))
        return cleaned


class InputAnswerForm(forms.Form):
    """The service's answer closes the item: only the closed statuses are offered (a coordinator
    sets any status in the edit form)."""

    answer = forms.CharField(
        label=_("Svar"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": _("Skriv svaret før du lagrer. Et tomt svar lukker ikke innspillet.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in InputStatus.choices if value in CLOSED_INPUT_STATUSES],
        initial=InputStatus.ANSWERED,
        help_text=_("«Besvart» når dere har svart; «Gjennomført» når tiltaket er gjort; «Ikke fulgt opp» når dere ikke går videre med det."),
    )


class InputFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("open", _("Åpne"))] + list(InputStatus.choices),
    )
    service = forms.ModelChoiceField(label=_("Virksomhet"), required=False, queryset=Organisation.objects.none())
    overdue = forms.BooleanField(label=_("Bare forfalte"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Organisation.objects.filter(kind=Kind.MUNICIPAL_SERVICE).order_by("name")
        self.fields["status"].widget.attrs["class"] = "form-select"
        self.fields["service"].widget.attrs["class"] = "form-select"


class ServiceMemberForm(forms.ModelForm):
    """Link a council staff user to the municipal service whose input they answer."""

    class Meta:
        model = ServiceMember
        fields = ["user", "organisation"]

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from portal.privacy import roles

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(groups__name=roles.COUNCIL_STAFF, is_active=True).order_by("username")
        self.fields["user"].label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.username})"
        self.fields["organisation"].queryset = Organisation.objects.active().filter(kind=Kind.MUNICIPAL_SERVICE).order_by("name")

    def validate_unique(self):
        # The pair is unique; say so in words rather than with the constraint's name.
        if ServiceMember.objects.filter(user=self.cleaned_data.get("user"), organisation=self.cleaned_data.get("organisation")).exists():
            self.add_error(None, _("Brukeren er allerede knyttet til virksomheten."))


class MeetingSeriesForm(forms.ModelForm):
    class Meta:
        model = MeetingSeries
        fields = ["name", "kind", "description", "members", "public", "lead_unit", "expected_meetings_per_year", "key_persons",
                  *subchapters.FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "members": forms.SelectMultiple(attrs={"size": 12}),
            "key_persons": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"members": _("Organisasjonene som er med i serien (hold Ctrl nede for å velge flere).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Organisation.objects.active().order_by("name")
        self.fields["lead_unit"].queryset = Organisation.objects.active().filter(kind=Kind.MUNICIPAL_SERVICE).order_by("name")
        self.fields["key_persons"].queryset = ContactPerson.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        )
        self.fields["key_persons"].label_from_instance = lambda person: f"{person.organisation.name}: {person.name}"

    def clean(self):
        cleaned = super().clean()
        members, persons = cleaned.get("members"), cleaned.get("key_persons")
        if members is not None and persons:
            member_ids = {member.pk for member in members}
            seen = set()
            for person in persons:
                if person.organisation_id not in member_ids:
                    self.add_error(
                        "key_persons",
                        _("%(name)s er kontaktperson for %(organisation)s, som ikke er medlem av serien.")
                        % {"name": person.name, "organisation": person.organisation.name},
                    )
                elif person.organisation_id in seen:
                    self.add_error(
                        "key_persons",
                        _("Velg én nøkkelperson per organisasjon (%(organisation)s har flere).")
                        % {"organisation": person.organisation.name},
                    )
                seen.add(person.organisation_id)
        return cleaned

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = MeetingSeries.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Det finnes allerede en møteserie med dette navnet."))
        if name.casefold() == str(_("Erfaringspanelet")).casefold():
            raise forms.ValidationError(_("Erfaringspanelet er allerede en møteserie."))
        return name


class PublicInputFilterForm(forms.Form):
    """/innspill/'s filters (GET): only values that some public item has are offered; anything
    else is said to be unknown and the page shows every item."""

    tema = forms.ChoiceField(label=_("Tema"), required=False)
    virksomhet = forms.ChoiceField(label=_("Virksomhet"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), (InputStatus.ANSWERED, InputStatus.ANSWERED.label), (InputStatus.IMPLEMENTED, InputStatus.IMPLEMENTED.label)],
    )
    aar = forms.ChoiceField(label=_("År"), required=False)

    def __init__(self, *args, themes=(), services=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        self.fields["tema"].choices = [("", _("Alle"))] + [(theme, theme) for theme in themes]
        self.fields["virksomhet"].choices = [("", _("Alle"))] + [(str(s.pk), s.name) for s in services]
        self.fields["aar"].choices = [("", _("Alle"))] + [(str(year), str(year)) for year in years]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
            field.error_messages["invalid_choice"] = _("«%(value)s» finnes ikke blant innspillene. Viser alle.")

    def filters(self):
        """The selector's keyword arguments; none when the form is not valid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "theme": data["tema"],
            "service": self.services.get(data["virksomhet"]),
            "status": data["status"],
            "year": int(data["aar"]) if data["aar"] else None,
        }


class InputProposalForm(forms.ModelForm):
    """An editor sends input or proposes an agenda topic for a coming meeting."""

    class Meta:
        model = InputProposal
        fields = ["kind", "meeting", "theme", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        from panel.selectors import proposal_meetings

        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = proposal_meetings()
        self.fields["meeting"].empty_label = _("Neste møte som passer")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.series.name if m.series_id else _('Erfaringspanelet')}: {m.title} ({m.date:%d.%m.%Y})"
        self.fields["text"].label = _("Hva vil dere ta opp?")


class ProposalAcceptForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Møte"), queryset=Meeting.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.select_related("series").order_by("-date")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.series.name if m.series_id else _('Erfaringspanelet')}: {m.title} ({m.date:%d.%m.%Y})"


class ProposalDeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Hvorfor ikke?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Skriv hvorfor forslaget ikke tas med. Organisasjonen får svaret.")},
    )
