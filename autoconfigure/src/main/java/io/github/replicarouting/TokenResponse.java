package io.github.replicarouting;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that gets its consistency token once, the latest, at the last moment its headers
 * are sure to be changeable: before the body is asked for, before the buffer is flushed or an
 * error or redirect is sent, or (from the filter) when the request ends. Writing a header per
 * write instead would grow a response that commits many transactions past the container's
 * header limit, turning a request whose writes committed into an error, and a client's retry
 * into a second write.
 */
final class TokenResponse extends HttpServletResponseWrapper {

	private final Consumer<HttpServletResponse> tokenSender;

	private volatile boolean scopeWrote;

	private boolean sent;

	TokenResponse(HttpServletResponse response, Consumer<HttpServletResponse> tokenSender) {
		super(response);
		this.tokenSender = tokenSender;
	}

	/** The scope wrote: the response must carry its token. */
	void scopeWrote() {
		this.scopeWrote = true;
	}

	/** Set the token on the response now, if the scope wrote and it has not been set. */
	synchronized void sendToken() {
		if (this.scopeWrote && !this.sent && !isCommitted()) {
			this.sent = true;
			this.tokenSender.accept((HttpServletResponse) getResponse());
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		sendToken();
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		sendToken();
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		sendToken();
		super.flushBuffer();
	}

	@Override
	public void sendError(int status) throws IOException {
		sendToken();
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		sendToken();
		super.sendError(status, message);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		sendToken();
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, int status) throws IOException {
		sendToken();
		super.sendRedirect(location, status);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		sendToken();
		super.sendRedirect(location, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
		sendToken();
		super.sendRedirect(location, status, clearBuffer);
	}

	/** Resetting drops the headers, the token's among them: it goes out again later. */
	@Override
	public synchronized void reset() {
		super.reset();
		this.sent = false;
	}

}
