-- Seed data for the h2 profile: the same dashboards and shape of events as on PostgreSQL, fewer
-- of them (in-memory H2 on every start).
insert into dashboard (name, description, event_type, range_days, chart, updated_at) values
    ('Revenue', 'Purchases and revenue per day', 'purchase', 30, 'bar', current_timestamp),
    ('Traffic', 'Every event per day', null, 14, 'line', current_timestamp),
    ('Sign-ups', 'New accounts per day', 'signup', 60, 'line', current_timestamp);

insert into event (occurred_at, event_day, type, country, user_id, revenue_cents)
select at, cast(at as date), type,
       case mod(g * 31, 7) when 0 then 'US' when 1 then 'DE' when 2 then 'FR' when 3 then 'GB'
           when 4 then 'JP' when 5 then 'BR' else 'IN' end,
       1 + mod(g * 7919, 5000),
       case when type = 'purchase' then 500 + mod(g * 13, 20000) else 0 end
from (select x as g,
             dateadd(second, -x * 259, cast(current_date as timestamp)) as at,
             case mod(x, 10) when 0 then 'purchase' when 1 then 'signup' when 2 then 'click' else 'page_view' end as type
      from system_range(1, 30000)) as generated;
