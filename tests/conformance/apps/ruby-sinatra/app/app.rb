require "sinatra/base"
require "json"

class App < Sinatra::Base
  set :environment, :production
  set :server, "webrick"
  set :bind, "0.0.0.0"
  set :port, 4567

  get "/" do
    content_type :text
    "sinatra ok\n"
  end

  get "/hello/:name" do
    content_type :json
    require "digest"  # lazily, only on this route
    JSON.generate(hello: params[:name], md5: Digest::MD5.hexdigest(params[:name]))
  end
end

App.run! if $PROGRAM_NAME == __FILE__
