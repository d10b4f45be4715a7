#include "gateway/http/handler.h"

#include <atomic>
#include <utility>

namespace rect::gateway {

const std::string& RequestContext::param(absl::string_view name) const {
  static const std::string* const kEmpty = new std::string();
  auto it = params.find(name);
  return it == params.end() ? *kEmpty : it->second;
}

struct Responder::State {
  explicit State(Deliver d) : deliver(std::move(d)) {}
  ~State() {
    if (!answered.exchange(true)) deliver(std::nullopt);
  }

  std::atomic<bool> answered{false};
  Deliver deliver;
};

Responder::Responder(Deliver deliver) : state_(std::make_shared<State>(std::move(deliver))) {}

void Responder::operator()(HttpResponse response) const {
  if (!state_->answered.exchange(true)) state_->deliver(std::move(response));
}

}  // namespace rect::gateway
