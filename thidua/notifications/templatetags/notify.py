from django import template

from thidua.campaigns.models import Campaign
from thidua.notifications.forms import days_text

register = template.Library()


@register.filter
def reminder_days(campaign: Campaign) -> str:
    """ "nhắc trước 3 ngày và 1 ngày" for the campaign's page."""
    return days_text(campaign, sentence=True)
