#pragma once
// Metrics read from the api's parts at each scrape rather than counted on the way: the
// view (size, how far behind the log, serving a snapshot), the two producers (entity
// writes and the click relay), the click spool, and PostgreSQL reads that failed.

#include <prometheus/collectable.h>

#include "linkstream/eventlog/log_writer.h"
#include "read_model/read_pool.h"
#include "spool/click_relay.h"
#include "spool/click_spool.h"
#include "view/view.h"

namespace linkstream::api {

struct RuntimeSources {
  const View& view;
  const eventlog::LogWriter& entity_writer;
  const eventlog::LogWriter& click_writer;
  const ClickSpool& spool;
  const ClickRelay& relay;
  const ReadPool& read_pool;
};

class RuntimeMetrics : public prometheus::Collectable {
 public:
  // Every source must outlive the metrics' last scrape.
  explicit RuntimeMetrics(RuntimeSources sources) : sources_(sources) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  RuntimeSources sources_;
};

}  // namespace linkstream::api
