"""The background recompute of a stored evaluation (campaigns.evaluations), run by
`thidua worker` (django-tasks, database backend). A page that finds its evaluation stale
queues it once (a conditional update claims it); the task claims it again (queued ->
running) so that a task queued twice computes once."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_evaluation(evaluation_id: int) -> str:
    from thidua.campaigns import evaluations

    return evaluations.run(evaluation_id)
