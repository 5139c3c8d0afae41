from django.db import migrations

# ISO 639 codes of the languages the region's organisations work in.
LANGUAGES = [
    ("no", "norsk", "Norwegian"), ("en", "engelsk", "English"), ("ar", "arabisk", "Arabic"),
    ("so", "somali", "Somali"), ("ti", "tigrinja", "Tigrinya"), ("am", "amharisk", "Amharic"),
    ("pl", "polsk", "Polish"), ("lt", "litauisk", "Lithuanian"), ("uk", "ukrainsk", "Ukrainian"),
    ("ru", "russisk", "Russian"), ("ro", "rumensk", "Romanian"), ("fa", "persisk", "Persian"),
    ("prs", "dari", "Dari"), ("ps", "pashto", "Pashto"), ("ku", "kurdisk", "Kurdish"),
    ("tr", "tyrkisk", "Turkish"), ("ur", "urdu", "Urdu"), ("pa", "punjabi", "Punjabi"),
    ("hi", "hindi", "Hindi"), ("ta", "tamil", "Tamil"), ("te", "telugu", "Telugu"),
    ("ml", "malayalam", "Malayalam"), ("bn", "bengali", "Bengali"), ("ne", "nepali", "Nepali"),
    ("si", "singalesisk", "Sinhala"), ("zh", "kinesisk", "Chinese"), ("vi", "vietnamesisk", "Vietnamese"),
    ("th", "thai", "Thai"), ("tl", "tagalog", "Tagalog"), ("id", "indonesisk", "Indonesian"),
    ("ace", "acehnesisk", "Acehnese"), ("my", "burmesisk", "Burmese"), ("cnh", "chin", "Chin"),
    ("fr", "fransk", "French"), ("es", "spansk", "Spanish"), ("pt", "portugisisk", "Portuguese"),
    ("de", "tysk", "German"), ("sw", "swahili", "Swahili"), ("ln", "lingala", "Lingala"),
    ("yo", "joruba", "Yoruba"), ("ig", "ibo", "Igbo"), ("ha", "hausa", "Hausa"),
    ("kri", "krio", "Krio"), ("bs", "bosnisk", "Bosnian"), ("sq", "albansk", "Albanian"),
    ("sr", "serbisk", "Serbian"), ("hr", "kroatisk", "Croatian"), ("sv", "svensk", "Swedish"),
    ("da", "dansk", "Danish"), ("fi", "finsk", "Finnish"), ("se", "nordsamisk", "Northern Sami"),
]

# The ICNPO categories (International Classification of Non-Profit Organisations) as
# Frivillighetsregisteret uses them.
ACTIVITY_CATEGORIES = [
    ("1.1", "Kunst og kultur", "Culture and arts"),
    ("1.2", "Idrett", "Sports"),
    ("1.3", "Rekreasjon og sosiale foreninger", "Recreation and social clubs"),
    ("2.1", "Utdanning og opplæring", "Education"),
    ("2.2", "Forskning", "Research"),
    ("3.1", "Helse", "Health"),
    ("4.1", "Sosiale tjenester", "Social services"),
    ("4.2", "Krisehjelp og beredskap", "Emergency and relief"),
    ("4.3", "Inntektsstøtte og underhold", "Income support and maintenance"),
    ("5.1", "Miljøvern", "Environment"),
    ("5.2", "Dyrevern", "Animal protection"),
    ("6.1", "Lokalsamfunnsutvikling", "Community development"),
    ("6.2", "Bolig og lokalmiljø", "Housing"),
    ("6.3", "Arbeid og opplæring", "Employment and training"),
    ("7.1", "Interesse- og rettighetsorganisasjoner", "Civic and advocacy organisations"),
    ("7.2", "Juridisk rådgivning", "Law and legal services"),
    ("7.3", "Politiske organisasjoner", "Political organisations"),
    ("8.1", "Stiftelser og frivillighetsformidling", "Grant-making and promotion of voluntarism"),
    ("9.1", "Internasjonale organisasjoner", "International activities"),
    ("10.1", "Tros- og livssynssamfunn", "Religious congregations and associations"),
    ("11.1", "Arbeidsgiver-, bransje- og yrkesorganisasjoner", "Business and professional associations"),
    ("12.1", "Andre", "Other"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("organisations", "Language")
    ActivityCategory = apps.get_model("organisations", "ActivityCategory")
    for code, nb, en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name_nb": nb, "name_en": en})
    for code, nb, en in ACTIVITY_CATEGORIES:
        ActivityCategory.objects.update_or_create(code=code, defaults={"name_nb": nb, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
