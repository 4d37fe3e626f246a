-- Seed data: a few dashboards and 200,000 events over the last 90 days, enough for the country
-- report to do real work (a scan, a distinct count and a sort) while the whole seed takes about
-- a second. Deterministic for a given day.
insert into dashboard (name, description, event_type, range_days, chart, updated_at) values
    ('Revenue', 'Purchases and revenue per day', 'purchase', 30, 'bar', now()),
    ('Traffic', 'Every event per day', null, 14, 'line', now()),
    ('Sign-ups', 'New accounts per day', 'signup', 60, 'line', now());

insert into event (occurred_at, event_day, type, country, user_id, revenue_cents)
select at, cast(at as date), type,
       (array['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN'])[1 + (g * 31) % 7],
       1 + (g * 7919) % 5000,
       case when type = 'purchase' then 500 + (g * 13) % 20000 else 0 end
from (select g,
             cast(current_date as timestamp) - make_interval(secs => g * 39) as at,
             case g % 10 when 0 then 'purchase' when 1 then 'signup' when 2 then 'click' else 'page_view' end as type
      from generate_series(cast(1 as bigint), 200000) as g) as generated;

analyze event;
