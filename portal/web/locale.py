from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language


def chosen_language(request):
    """The visitor's language: the one chosen with the switch (the language cookie), else bokmål."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class NorwegianFirstLocaleMiddleware(LocaleMiddleware):
    """Bokmål unless the visitor chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Norwegian
    municipality's portal speaks Norwegian first, and English only when asked.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


# The language switch is in every page's header. Without a CSRF token in it, a public page holds
# nothing per visitor and can be cached for everyone (portal.web.pagecache). What a forged request
# could do is choose the language of someone's next page: a preference, no data, nothing signed.
set_language = csrf_exempt(django_set_language)
